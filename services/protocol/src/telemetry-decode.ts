import { decodeMessage } from './codec.js';
import { MAX_TIME_MS, telemetryWireSchema, trialInfeasibleSchema, type MetricPoint, type Telemetry } from './messages.js';

/** Bounds of metricPointSchema, written out so that checking 20 000 points stays cheap. */
export const MAX_METRIC_KEY_CHARS = 200;
export const MAX_METRIC_STEP = 2 ** 31 - 1;

/** Why one point of a metrics message was refused; the reasons are few and fixed, so they group well. */
export type PointProblem =
  | 'not an object'
  | 'key must be a string of 1-200 characters'
  | 'step must be an integer in [0, 2147483647]'
  | 'value must be a finite number'
  | 't must be an integer time in [0, 8.64e15] ms';

/** A refused point: its key and step as sent (cut to printable size), and why. */
export interface RefusedPoint { index: number; key: string; step: unknown; reason: PointProblem }

/** Null when `p` is a valid MetricPoint (the same rules as metricPointSchema, which a test compares). */
export function metricPointProblem(p: unknown): PointProblem | null {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return 'not an object';
  const { key, step, value, t } = p as Record<string, unknown>;
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_METRIC_KEY_CHARS) return 'key must be a string of 1-200 characters';
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > MAX_METRIC_STEP) return 'step must be an integer in [0, 2147483647]';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'value must be a finite number';
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t > MAX_TIME_MS) return 't must be an integer time in [0, 8.64e15] ms';
  return null;
}

export type DecodedTelemetry =
  | { ok: true; value: Telemetry; refused: RefusedPoint[]; ignored?: string }
  | { ok: false; error: string };

const printable = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
};

/**
 * Decodes one telemetry message off the wire. A message whose envelope is wrong is refused
 * whole; a metrics message keeps its valid points and lists the others in `refused`.
 */
export function decodeTelemetry(data: Uint8Array): DecodedTelemetry {
  const d = decodeMessage(telemetryWireSchema, data);
  if (!d.ok) return d;
  if (d.value.type === 'finished') {
    // A malformed `infeasible` is left out; the trial's end, which the scheduler waits for, still counts.
    const { infeasible, ...rest } = d.value;
    const checked = infeasible === undefined ? undefined : trialInfeasibleSchema.safeParse(infeasible);
    const value: Telemetry = checked?.success === true ? { ...rest, infeasible: checked.data } : rest;
    return { ok: true, value, refused: [], ...(checked?.success === false ? { ignored: 'infeasible must be {reason: out_of_memory|trainer, evidence: string of at most 2000 characters}; left out' } : {}) };
  }
  if (d.value.type !== 'metrics') return { ok: true, value: d.value, refused: [] };
  const kept: MetricPoint[] = [];
  const refused: RefusedPoint[] = [];
  d.value.points.forEach((p, index) => {
    const reason = metricPointProblem(p);
    if (reason === null) {
      const { key, step, value, t } = p as MetricPoint;
      // Only the known fields: anything else a sender added stays out of the database and events.
      kept.push({ key, step, value, t });
    } else {
      const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      refused.push({ index, key: printable(o.key ?? null), step: typeof o.step === 'number' ? o.step : printable(o.step ?? null), reason });
    }
  });
  return { ok: true, value: { ...d.value, points: kept }, refused };
}
