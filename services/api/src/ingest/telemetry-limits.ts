import { TELEMETRY_LIMITS, type TelemetryLimits } from '@anneal/core';

/** The config's keys for each limit: the sweep row keeps the config document as written. */
const YAML_KEYS: Record<keyof TelemetryLimits, string> = { metricKeys: 'metric_keys', pointsPerSeries: 'points_per_series', logBytes: 'log_bytes' };

const positiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * The limits a trial's telemetry is held to, from its sweep's stored config document
 * (`limits:`, checked against the ceiling when the sweep was created). A sweep stored before
 * `limits` existed, or a field that is missing, takes the default; nothing exceeds the ceiling.
 */
export function trialLimits(stored: unknown): TelemetryLimits {
  const o = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const pick = (k: keyof TelemetryLimits): number => {
    const v = o[YAML_KEYS[k]];
    return positiveInteger(v) ? Math.min(v, TELEMETRY_LIMITS.ceiling[k]) : TELEMETRY_LIMITS.defaults[k];
  };
  return { metricKeys: pick('metricKeys'), pointsPerSeries: pick('pointsPerSeries'), logBytes: pick('logBytes') };
}
