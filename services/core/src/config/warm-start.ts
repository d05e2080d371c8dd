import { describe, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';
import type { WarmStartConfig } from './types.js';

/**
 * Anneal's `warm_start: {sweep: ID}`: seed the model with another sweep's finished trials.
 * The core cannot read them (no I/O); the scheduler loads them and hands them to the
 * searcher as a `warm_start` event.
 */
export function parseWarmStart(value: unknown, problems: Problems): WarmStartConfig | undefined {
  if (!isPlainObject(value)) {
    problems.error('warm_start', `must be a mapping such as {sweep: abc123} (got ${describe(value)})`);
    return undefined;
  }
  const local = new Problems();
  const f = new Fields(value, 'warm_start', local);
  f.onlyKeys(['sweep'], 'warm_start');
  const raw = value['sweep'];
  // Ids are strings; a YAML number (sweep: 42) is accepted as its text.
  const sweep = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : f.string('sweep');
  if (raw === undefined) local.error('warm_start.sweep', 'is required: the id of the sweep whose trials seed this one');
  problems.errors.push(...local.errors);
  problems.warnings.push(...local.warnings);
  return local.count > 0 || sweep === undefined ? undefined : { sweep };
}
