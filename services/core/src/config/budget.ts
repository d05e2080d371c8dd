import { describe, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';

/** `budget:`: what a sweep may spend in all; at least one field is set. */
export interface BudgetConfig {
  /** GPU time of all its trials together, in GPU-hours (a trial sharing a GPU with 3 others counts a quarter). */
  gpuHours?: number;
  /** Hours from the sweep's creation until it starts no more trials. */
  wallHours?: number;
  /** Trials it creates in all (like run_cap; the smaller of the two holds). */
  trials?: number;
}

const KEYS = ['gpu_hours', 'wall_hours', 'trials'];

/** Anneal's `budget:` section; undefined when absent or invalid (problems say why). */
export function parseBudget(value: unknown, problems: Problems): BudgetConfig | undefined {
  if (value === undefined) return undefined;
  const example = '{gpu_hours: 40, wall_hours: 24, trials: 200}';
  if (!isPlainObject(value)) {
    problems.error('budget', `must be a mapping such as ${example} (got ${describe(value)})`);
    return undefined;
  }
  const before = problems.count;
  const f = new Fields(value, 'budget', problems);
  f.onlyKeys(KEYS, 'budget');
  const gpuHours = f.number('gpu_hours', { exclusiveMin: 0, why: 'GPU-hours all trials may use together' });
  const wallHours = f.number('wall_hours', { exclusiveMin: 0, why: 'hours after the sweep is created during which it starts trials' });
  const trials = f.number('trials', { integer: true, min: 1, why: 'trials the sweep creates in all' });
  if (problems.count > before) return undefined;
  if (gpuHours === undefined && wallHours === undefined && trials === undefined) {
    problems.error('budget', `names no limit: set at least one of ${KEYS.join(', ')}, e.g. ${example}`);
    return undefined;
  }
  return {
    ...(gpuHours !== undefined ? { gpuHours } : {}),
    ...(wallHours !== undefined ? { wallHours } : {}),
    ...(trials !== undefined ? { trials } : {}),
  };
}
