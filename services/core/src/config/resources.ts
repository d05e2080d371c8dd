import { Fields } from './fields.js';
import { describe, isPlainObject, type Problems } from './problems.js';
import type { ResourcesConfig } from './types.js';

/** Most GPUs one trial may ask for; the protocol carries the same bound. */
export const MAX_TRIAL_GPUS = 64;

/** Anneal's `resources: {gpus: N}`: what each trial needs on an agent. */
export function parseResources(value: unknown, problems: Problems): ResourcesConfig | undefined {
  if (!isPlainObject(value)) {
    problems.error('resources', `must be a mapping such as {gpus: 2} (got ${describe(value)})`);
    return undefined;
  }
  const f = new Fields(value, 'resources', problems);
  f.onlyKeys(['gpus'], 'resources');
  const gpus = f.number('gpus', { integer: true, min: 0, max: MAX_TRIAL_GPUS, why: 'GPUs each trial gets; 0 runs on any agent without touching a GPU' });
  return gpus === undefined ? undefined : { gpus };
}
