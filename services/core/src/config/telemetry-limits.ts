import { describe, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';

/** How much telemetry one trial of a sweep may send; the API and agents enforce it. */
export interface TelemetryLimits {
  /** Distinct metric names one trial may log. */
  metricKeys: number;
  /** Points kept per metric series of one trial. */
  pointsPerSeries: number;
  /** Bytes of captured stdout/stderr kept per trial. */
  logBytes: number;
}

/**
 * Defaults fit ordinary fine-tuning runs; the ceiling keeps one sweep from filling the
 * database whatever its config says.
 */
export const TELEMETRY_LIMITS: { readonly defaults: Readonly<TelemetryLimits>; readonly ceiling: Readonly<TelemetryLimits> } = Object.freeze({
  defaults: Object.freeze({ metricKeys: 1000, pointsPerSeries: 100_000, logBytes: 16 * 1024 * 1024 }),
  ceiling: Object.freeze({ metricKeys: 10_000, pointsPerSeries: 1_000_000, logBytes: 256 * 1024 * 1024 }),
});

/** YAML key (snake_case, like the rest of the file) for each field. */
const KEYS: Record<keyof TelemetryLimits, string> = {
  metricKeys: 'metric_keys',
  pointsPerSeries: 'points_per_series',
  logBytes: 'log_bytes',
};

const WHY: Record<keyof TelemetryLimits, string> = {
  metricKeys: 'distinct metric names per trial',
  pointsPerSeries: 'points kept per metric series',
  logBytes: 'bytes of log output kept per trial',
};

/** Anneal's `limits:` section; absent fields (or an absent section) get the defaults. */
export function parseTelemetryLimits(value: unknown, problems: Problems): TelemetryLimits {
  const limits: TelemetryLimits = { ...TELEMETRY_LIMITS.defaults };
  if (value === undefined) return limits;
  if (!isPlainObject(value)) {
    problems.error('limits', `must be a mapping such as {metric_keys: 1000, points_per_series: 100000, log_bytes: 16777216} (got ${describe(value)})`);
    return limits;
  }
  const f = new Fields(value, 'limits', problems);
  f.onlyKeys(Object.values(KEYS), 'limits');
  for (const field of Object.keys(KEYS) as (keyof TelemetryLimits)[]) {
    const n = f.number(KEYS[field], { integer: true, min: 1, max: TELEMETRY_LIMITS.ceiling[field], why: WHY[field] });
    if (n !== undefined) limits[field] = n;
  }
  return limits;
}
