// Pure display helpers shared by the pages and the unit tests.
// Plain JavaScript with JSDoc types so that `node --test` can import it without a
// TypeScript loader, while `tsc` (allowJs + checkJs) still type-checks it.

/** Text shown where a value is missing. */
export const MISSING = '—';

/**
 * Removes redundant zeros from an exponential string and drops the "+" sign:
 * "3.000e-5" → "3e-5", "1.250e+6" → "1.25e6".
 * @param {string} text
 * @returns {string}
 */
function tidyExponent(text) {
  const [mantissa = text, exponent = '0'] = text.split('e');
  const trimmedMantissa = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${trimmedMantissa}e${Number(exponent)}`;
}

/**
 * @param {number} value
 * @returns {string | null} text for non-finite numbers and zero, null otherwise
 */
function specialNumber(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  return null;
}

/**
 * Formats an objective value with 4 significant digits, e.g. 0.123456 → "0.1235",
 * 12.5 → "12.50", 123456 → "123500", 0.000012346 → "1.235e-5".
 * @param {number | null | undefined} value
 * @returns {string}
 */
export function formatObjective(value) {
  if (value === null || value === undefined) return MISSING;
  const special = specialNumber(value);
  if (special !== null) return special;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) return value.toPrecision(4);
  if (magnitude >= 1e4 && magnitude < 1e6) return String(Number(value.toPrecision(4)));
  return tidyExponent(value.toExponential(3));
}

/**
 * Formats a number compactly (up to 4 significant digits, no trailing zeros):
 * 32 → "32", 0.01 → "0.01", 0.123456 → "0.1235", 3e-5 → "3e-5", 2000000 → "2e6".
 * @param {number} value
 * @returns {string}
 */
export function formatCompactNumber(value) {
  const special = specialNumber(value);
  if (special !== null) return special;
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e6) return String(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(4)));
  return tidyExponent(value.toExponential(3));
}

/**
 * Formats one (already flattened) parameter value for a table cell.
 * @param {unknown} value
 * @returns {string}
 */
export function formatParamValue(value) {
  if (value === undefined) return MISSING;
  if (value === null) return 'null';
  if (typeof value === 'number') return formatCompactNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value) ?? String(value);
}

/** @param {number} n */
function pad2(n) {
  return String(n).padStart(2, '0');
}

/**
 * Formats an ISO timestamp as "YYYY-MM-DD HH:MM UTC" (stable between server renders).
 * @param {string | null | undefined} iso
 * @returns {string}
 */
export function formatDateTime(iso) {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`
  );
}

/**
 * Describes the optimisation target, e.g. "val_loss ↓" or "accuracy ↑".
 * @param {string | null | undefined} metricName
 * @param {string | null | undefined} metricGoal
 * @returns {string}
 */
export function formatMetric(metricName, metricGoal) {
  if (!metricName) return MISSING;
  const goal = metricGoal?.toLowerCase();
  if (goal === 'maximize') return `${metricName} ↑`;
  if (goal === 'minimize') return `${metricName} ↓`;
  return metricName;
}

/**
 * @typedef {object} TrialCounts
 * @property {number} queued
 * @property {number} running
 * @property {number} completed
 * @property {number} pruned
 * @property {number} failed
 * @property {number} total
 */

/**
 * Short breakdown of the non-zero trial states other than "completed",
 * e.g. "2 running · 1 failed"; an empty string when there is nothing to add.
 * @param {TrialCounts} counts
 * @returns {string}
 */
export function trialCountDetails(counts) {
  /** @type {Array<[keyof TrialCounts, string]>} */
  const parts = [
    ['running', 'running'],
    ['queued', 'queued'],
    ['pruned', 'pruned'],
    ['failed', 'failed'],
  ];
  return parts
    .filter(([key]) => counts[key] > 0)
    .map(([key, label]) => `${counts[key]} ${label}`)
    .join(' · ');
}

/**
 * CSS-friendly lower-case token for a status enum value ("RUNNING" → "running").
 * @param {string} status
 * @returns {string}
 */
export function statusClass(status) {
  return status.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * "1 sweep", "3 sweeps".
 * @param {number} count
 * @param {string} singular
 * @param {string} [plural]
 * @returns {string}
 */
export function pluralize(count, singular, plural = `${singular}s`) {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A config as the user wrote it, except single-line JSON (what scripts send), which is
 * indented so it can be read.
 * @param {string} text
 * @returns {string}
 */
export function readableConfig(text) {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || trimmed.includes('\n')) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}
