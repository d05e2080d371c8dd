/** A point of a metric series. */
export interface SeriesPoint {
  step: number;
  value: number;
}

/**
 * At most `max` points of a series (sorted by step) that keep its shape: min/max per bucket.
 *
 * Why min/max per bucket rather than LTTB: LTTB keeps the point of largest triangle area per
 * bucket, which usually but not always is the extreme, so a single spike (a loss blow-up, the
 * best accuracy) can vanish; a chart of a training curve must show it. Min/max keeps both
 * extremes of every bucket, so the global minimum and maximum always survive, and it needs only
 * a running comparison, which Postgres can do too (`MetricStore.downsampledSeries` computes the
 * same selection in SQL, so the API never holds a long series in memory).
 *
 * The rule, shared with that SQL: with n > max points, B = floor((max - 2) / 2) buckets split
 * the points in step order as Postgres' `ntile(B)` does (the first n mod B buckets hold one point
 * more); each bucket gives its lowest and highest value (ties: the earliest step); the first and
 * last points are always kept. At most 2B + 2 ≤ max points come out, in step order.
 * @param max at least 4
 */
export function downsampleMinMax<P extends SeriesPoint>(points: readonly P[], max: number): P[] {
  if (points.length <= max) return [...points];
  const n = points.length;
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const size = Math.floor(n / buckets);
  const bigger = n % buckets;
  const keep = new Set<number>([0, n - 1]);
  let start = 0;
  for (let b = 0; b < buckets; b++) {
    const end = start + size + (b < bigger ? 1 : 0);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.value < points[lo]!.value) lo = i;
      if (points[i]!.value > points[hi]!.value) hi = i;
    }
    keep.add(lo).add(hi);
    start = end;
  }
  return [...keep].sort((a, b) => a - b).map((i) => points[i]!);
}
