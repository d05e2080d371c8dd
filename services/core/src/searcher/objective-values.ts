import type { SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';

/**
 * The objective values a `finished` event carries, checked against the config: a
 * multi-objective sweep takes `values` (one finite number per objective, in the config's order),
 * a single-objective one `value` only. Undefined when the event has none (or the trial failed:
 * a failed trial's values are not trusted).
 */
export function finishedValues(config: SweepConfig, event: { trial: number; state: string; values?: unknown }): number[] | undefined {
  const given = event.values;
  const objectives = config.objectives;
  if (!objectives) {
    if (given === undefined || given === null) return undefined;
    throw new CoreError('EVENT_INVALID', `trial ${event.trial}: values is for sweeps with several objectives (metrics); this sweep has one, send value`);
  }
  if (given === undefined || given === null || event.state === 'failed') return undefined;
  const names = objectives.map((o) => o.name).join(', ');
  if (!Array.isArray(given) || given.length !== objectives.length) {
    throw new CoreError('EVENT_INVALID', `trial ${event.trial}: values must be a list of ${objectives.length} numbers, one per objective (${names}), got ${JSON.stringify(given)}`);
  }
  return given.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CoreError('EVENT_INVALID', `trial ${event.trial}: values[${i}] (${objectives[i]!.name}) must be a finite number, got ${JSON.stringify(v)}`);
    }
    return v + 0; // -0 would not survive the JSON round trip of the state
  });
}

export function sameValues(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
