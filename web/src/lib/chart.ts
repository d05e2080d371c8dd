// Pure helpers for the metric charts: point reduction and chart order.
// Framework-free TypeScript, like the other lib modules, so the unit tests (compiled with tsc,
// run with node --test) can import it.

export interface Point {
  step: number;
  value: number;
}

/**
 * At most `max` points that keep a long series' shape: the first and last point, and per bucket
 * of steps its lowest and highest value (a spike survives, unlike taking every k-th point).
 * @param points sorted by step
 * @param max at least 4
 */
export function downsample<P extends Point>(points: P[], max: number): P[] {
  if (points.length <= max) return points;
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const inner = points.slice(1, -1);
  const size = inner.length / buckets;
  const first = points[0] as P;
  const last = points[points.length - 1] as P;
  const out: P[] = [first];
  for (let b = 0; b < buckets; b++) {
    const slice = inner.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let lo = slice[0] as P;
    let hi = lo;
    for (const p of slice) {
      if (p.value < lo.value) lo = p;
      if (p.value > hi.value) hi = p;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.step < hi.step ? [lo, hi] : [hi, lo]));
  }
  out.push(last);
  return out;
}

/**
 * The order charts appear in: the sweep's metric, then the trainer's series by name, then the
 * agent's system/* readings.
 */
export function chartOrder(keys: string[], metricName: string | null | undefined): string[] {
  const rank = (k: string) => (k === metricName ? 0 : k.startsWith('system/') ? 2 : 1);
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
