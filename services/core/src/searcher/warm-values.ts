import type { SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';

/**
 * The objective values of the `index`-th trial of a `warm_start` event, checked against the
 * config. A single-objective sweep takes `value` and returns undefined for one that is not a
 * finite number (counted as rejected, as it always was: a prior sweep's odd value is not the
 * caller's mistake). A multi-objective sweep takes `values`, one finite number per objective
 * in the config's order: the caller matched them to the objectives by name, so anything else is
 * a bug in the caller and is refused with what was expected, not silently dropped.
 */
export function warmValues(config: SweepConfig, entry: unknown, index: number): { value: number } | { values: number[] } | undefined {
  const at = `warm_start trials[${index}]`;
  const objectives = config.objectives;
  const rec = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
  if (!objectives) {
    if (rec?.['values'] !== undefined) {
      throw new CoreError('EVENT_INVALID', `${at}: values is for sweeps with several objectives (metrics); this sweep has one, send value`);
    }
    const value = rec?.['value'];
    return typeof value === 'number' && Number.isFinite(value) ? { value: value + 0 } : undefined;
  }
  const names = objectives.map((o) => o.name).join(', ');
  if (!rec) throw new CoreError('EVENT_INVALID', `${at} must be an object {params: {...}, values: [...]}, got ${JSON.stringify(entry)}`);
  const given = rec['values'];
  if (given === undefined) {
    throw new CoreError('EVENT_INVALID', `${at}: this sweep has ${objectives.length} objectives (${names}): give each trial values: [...] in that order${rec['value'] !== undefined ? ', not value' : ''}`);
  }
  if (!Array.isArray(given) || given.length !== objectives.length) {
    throw new CoreError('EVENT_INVALID', `${at}: values must be a list of ${objectives.length} numbers, one per objective (${names}), got ${JSON.stringify(given)}`);
  }
  return {
    values: given.map((v: unknown, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new CoreError('EVENT_INVALID', `${at}: values[${i}] (${objectives[i]!.name}) must be a finite number, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}; leave out a trial without a value for every objective`);
      }
      return v + 0; // -0 would not survive the JSON round trip of the state
    }),
  };
}
