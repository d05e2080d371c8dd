// Pure geometry for the metric charts: series in, SVG path out.
// Plain JavaScript with JSDoc types, like the other lib modules, so node --test can import it.

/**
 * @typedef {object} Point
 * @property {number} step
 * @property {number} value
 */

/**
 * At most `max` points that keep a long series' shape: the first and last point, and per bucket
 * of steps its lowest and highest value (a spike survives, unlike taking every k-th point).
 * @param {Point[]} points sorted by step
 * @param {number} max at least 4
 * @returns {Point[]}
 */
export function downsample(points, max) {
  if (points.length <= max) return points;
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const inner = points.slice(1, -1);
  const size = inner.length / buckets;
  const first = /** @type {Point} */ (points[0]);
  const last = /** @type {Point} */ (points[points.length - 1]);
  /** @type {Point[]} */
  const out = [first];
  for (let b = 0; b < buckets; b++) {
    const slice = inner.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let lo = /** @type {Point} */ (slice[0]);
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
 * An SVG path drawing `points` inside a width × height box (y grows downwards, so larger values
 * are drawn higher). Non-finite values are skipped; a flat series is drawn through the middle.
 * @param {Point[]} points sorted by step
 * @param {number} width
 * @param {number} height
 * @returns {{ d: string, min: number, max: number, firstStep: number, lastStep: number, last: number } | null}
 *   null when there is nothing finite to draw
 */
export function linePath(points, width, height) {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length === 0) return null;
  const min = Math.min(...finite.map((p) => p.value));
  const max = Math.max(...finite.map((p) => p.value));
  const head = /** @type {Point} */ (finite[0]);
  const tail = /** @type {Point} */ (finite[finite.length - 1]);
  const firstStep = head.step;
  const lastStep = tail.step;
  const x = (/** @type {number} */ step) => (lastStep === firstStep ? width / 2 : ((step - firstStep) / (lastStep - firstStep)) * width);
  const y = (/** @type {number} */ value) => (max === min ? height / 2 : height - ((value - min) / (max - min)) * height);
  const round = (/** @type {number} */ v) => Math.round(v * 10) / 10;
  const d = finite.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(x(p.step))},${round(y(p.value))}`).join('');
  // A single point still shows: a short horizontal stroke through it.
  const path = finite.length === 1 ? `M${round(x(firstStep) - 3)},${round(y(min))}L${round(x(firstStep) + 3)},${round(y(min))}` : d;
  return { d: path, min, max, firstStep, lastStep, last: tail.value };
}

/**
 * Several series on one shared scale (steps and values), e.g. the sweep metric of the best
 * trials; each gets its path, in input order. Series with nothing finite get an empty path.
 * @param {Point[][]} seriesList each sorted by step
 * @param {number} width
 * @param {number} height
 * @returns {{ paths: string[], min: number, max: number, firstStep: number, lastStep: number } | null}
 */
export function sharedLinePaths(seriesList, width, height) {
  const all = seriesList.flat().filter((p) => Number.isFinite(p.value));
  if (all.length === 0) return null;
  const min = Math.min(...all.map((p) => p.value));
  const max = Math.max(...all.map((p) => p.value));
  const firstStep = Math.min(...all.map((p) => p.step));
  const lastStep = Math.max(...all.map((p) => p.step));
  const x = (/** @type {number} */ step) => (lastStep === firstStep ? width / 2 : ((step - firstStep) / (lastStep - firstStep)) * width);
  const y = (/** @type {number} */ value) => (max === min ? height / 2 : height - ((value - min) / (max - min)) * height);
  const round = (/** @type {number} */ v) => Math.round(v * 10) / 10;
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
 * @param {string[]} keys
 * @param {string | null | undefined} metricName
 * @returns {string[]}
 */
export function chartOrder(keys, metricName) {
  const rank = (/** @type {string} */ k) => (k === metricName ? 0 : k.startsWith('system/') ? 2 : 1);
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
