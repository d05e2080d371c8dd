// Pure display helpers shared by the pages and the unit tests.

/** Text shown where a value is missing. */
export const MISSING = '—';

/**
 * Removes redundant zeros from an exponential string and drops the "+" sign:
 * "3.000e-5" → "3e-5", "1.250e+6" → "1.25e6".
 */
function tidyExponent(text: string): string {
  const [mantissa = text, exponent = '0'] = text.split('e');
  const trimmedMantissa = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${trimmedMantissa}e${Number(exponent)}`;
}

/** Text for non-finite numbers and zero, null otherwise. */
function specialNumber(value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  return null;
}

/**
 * Formats an objective value with 4 significant digits, e.g. 0.123456 → "0.1235",
 * 12.5 → "12.50", 123456 → "123500", 0.000012346 → "1.235e-5".
 */
export function formatObjective(value: number | null | undefined): string {
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
 */
export function formatCompactNumber(value: number): string {
  const special = specialNumber(value);
  if (special !== null) return special;
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e6) return String(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(4)));
  return tidyExponent(value.toExponential(3));
}

/** Formats one (already flattened) parameter value for a table cell. */
export function formatParamValue(value: unknown): string {
  if (value === undefined) return MISSING;
  if (value === null) return 'null';
  if (typeof value === 'number') return formatCompactNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // JSON.stringify's declared `string` hides that it returns undefined for functions and symbols.
  return (JSON.stringify(value) as string | undefined) ?? String(value);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Formats an ISO timestamp as "YYYY-MM-DD HH:MM:SS UTC" (stable between server renders; trials are seconds apart). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} UTC`
  );
}

/** Describes the optimisation target, e.g. "val_loss ↓" or "accuracy ↑". */
export function formatMetric(metricName: string | null | undefined, metricGoal: string | null | undefined): string {
  if (!metricName) return MISSING;
  const goal = metricGoal?.toLowerCase();
  if (goal === 'maximize') return `${metricName} ↑`;
  if (goal === 'minimize') return `${metricName} ↓`;
  return metricName;
}

export interface TrialCounts {
  queued: number;
  running: number;
  completed: number;
  pruned: number;
  stopped: number;
  failed: number;
  total: number;
}

/**
 * Short breakdown of the non-zero trial states other than "completed",
 * e.g. "2 running · 1 failed"; an empty string when there is nothing to add.
 */
export function trialCountDetails(counts: TrialCounts): string {
  const parts: Array<[keyof TrialCounts, string]> = [
    ['running', 'running'],
    ['queued', 'queued'],
    ['pruned', 'pruned'],
    ['stopped', 'stopped with the sweep'],
    ['failed', 'failed'],
  ];
  return parts
    .filter(([key]) => counts[key] > 0)
    .map(([key, label]) => `${counts[key]} ${label}`)
    .join(' · ');
}

/** CSS-friendly lower-case token for a status enum value ("RUNNING" → "running"). */
export function statusClass(status: string): string {
  return status.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** "1 sweep", "3 sweeps". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A config as the user wrote it, except single-line JSON (what scripts send), which is
 * indented so it can be read.
 */
export function readableConfig(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || trimmed.includes('\n')) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}
