// Pure geometry for the parallel-coordinates plot: one vertical axis per parameter (and one for
// the objective), one line per trial.

/**
 * @typedef {object} Axis
 * @property {string} name
 * @property {'linear' | 'log' | 'category'} kind
 * @property {number} min numeric axes: the lowest value; category axes: 0
 * @property {number} max numeric axes: the highest value; category axes: categories - 1
 * @property {string[]} categories category axes: the values' texts, in axis order
 */

/**
 * @param {unknown} v
 * @returns {string}
 */
function categoryText(v) {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined';
}

/**
 * An axis that fits the values one column takes over the trials: numbers get a linear axis, or a
 * log axis when all are positive and span two decades or more (learning rates); anything else
 * (strings, booleans, mixed) gets evenly spaced categories.
 * @param {string} name
 * @param {unknown[]} values
 * @returns {Axis}
 */
export function axisFor(name, values) {
  const present = values.filter((v) => v !== undefined && v !== null);
  const numeric = present.length > 0 && present.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (numeric) {
    const nums = /** @type {number[]} */ (present);
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const kind = min > 0 && max / min >= 100 ? 'log' : 'linear';
    return { name, kind, min, max, categories: [] };
  }
  const categories = [...new Set(present.map(categoryText))].sort();
  return { name, kind: 'category', min: 0, max: Math.max(0, categories.length - 1), categories };
}

/**
 * Where a value sits on its axis, 0 (bottom) to 1 (top); null when it is missing or not on it.
 * @param {Axis} axis
 * @param {unknown} value
 * @returns {number | null}
 */
export function position(axis, value) {
  if (value === undefined || value === null) return null;
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(categoryText(value));
    if (i < 0) return null;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.max === axis.min) return 0.5;
  if (axis.kind === 'log') return (Math.log(value) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
  return (value - axis.min) / (axis.max - axis.min);
}

/**
 * The SVG polyline points of one trial across the axes (evenly spaced over width); axes where
 * the trial has no value are skipped, so the line joins its neighbours.
 * @param {Axis[]} axes
 * @param {Record<string, unknown>} values by axis name
 * @param {number} width
 * @param {number} height
 * @returns {string}
 */
export function polylinePoints(axes, values, width, height) {
  const step = axes.length > 1 ? width / (axes.length - 1) : 0;
  /** @type {string[]} */
  const out = [];
  axes.forEach((axis, i) => {
    const p = position(axis, values[axis.name]);
    if (p === null) return;
    out.push(`${Math.round(i * step * 10) / 10},${Math.round((1 - p) * height * 10) / 10}`);
  });
  return out.join(' ');
}

/**
 * 0 for the worst objective, 1 for the best, for colouring lines; null without an objective.
 * @param {number | null} objective
 * @param {number} worst
 * @param {number} best
 * @returns {number | null}
 */
export function quality(objective, worst, best) {
  if (objective === null || !Number.isFinite(objective)) return null;
  if (best === worst) return 1;
  return (objective - worst) / (best - worst);
}
