// Pure geometry for the metric charts: series in, SVG path out.
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

export interface LineGeometry {
  d: string;
  min: number;
  max: number;
  firstStep: number;
  lastStep: number;
  last: number;
}

/**
 * An SVG path drawing `points` inside a width × height box (y grows downwards, so larger values
 * are drawn higher). Non-finite values are skipped; a flat series is drawn through the middle.
 * @param points sorted by step
 * @returns null when there is nothing finite to draw
 */
export function linePath(points: Point[], width: number, height: number): LineGeometry | null {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length === 0) return null;
  const min = Math.min(...finite.map((p) => p.value));
  const max = Math.max(...finite.map((p) => p.value));
  const head = finite[0] as Point;
  const tail = finite[finite.length - 1] as Point;
  const firstStep = head.step;
  const lastStep = tail.step;
  const x = (step: number) => (lastStep === firstStep ? width / 2 : ((step - firstStep) / (lastStep - firstStep)) * width);
  const y = (value: number) => (max === min ? height / 2 : height - ((value - min) / (max - min)) * height);
  const round = (v: number) => Math.round(v * 10) / 10;
  const d = finite.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(x(p.step))},${round(y(p.value))}`).join('');
  // A single point still shows: a short horizontal stroke through it.
  const path = finite.length === 1 ? `M${round(x(firstStep) - 3)},${round(y(min))}L${round(x(firstStep) + 3)},${round(y(min))}` : d;
  return { d: path, min, max, firstStep, lastStep, last: tail.value };
}

export interface SharedLineGeometry {
  paths: string[];
  min: number;
  max: number;
  firstStep: number;
  lastStep: number;
}

/**
 * Several series on one shared scale (steps and values), e.g. the sweep metric of the best
 * trials; each gets its path, in input order. Series with nothing finite get an empty path.
 * @param seriesList each sorted by step
 */
export function sharedLinePaths(seriesList: Point[][], width: number, height: number): SharedLineGeometry | null {
  const all = seriesList.flat().filter((p) => Number.isFinite(p.value));
  if (all.length === 0) return null;
  const min = Math.min(...all.map((p) => p.value));
  const max = Math.max(...all.map((p) => p.value));
  const firstStep = Math.min(...all.map((p) => p.step));
  const lastStep = Math.max(...all.map((p) => p.step));
  const x = (step: number) => (lastStep === firstStep ? width / 2 : ((step - firstStep) / (lastStep - firstStep)) * width);
  const y = (value: number) => (max === min ? height / 2 : height - ((value - min) / (max - min)) * height);
  const round = (v: number) => Math.round(v * 10) / 10;
  const paths = seriesList.map((points) =>
    points
      .filter((p) => Number.isFinite(p.value))
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${round(x(p.step))},${round(y(p.value))}`)
      .join(''),
  );
  return { paths, min, max, firstStep, lastStep };
}

/**
 * The order charts appear in: the sweep's metric, then the trainer's series by name, then the
 * agent's system/* readings.
 */
export function chartOrder(keys: string[], metricName: string | null | undefined): string[] {
  const rank = (k: string) => (k === metricName ? 0 : k.startsWith('system/') ? 2 : 1);
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
