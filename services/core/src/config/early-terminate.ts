import { STOPPING_TYPES, stoppingRuleOf, type EarlyTerminate } from '../stopping/registry.js';
import { EARLY_TERMINATE_PATH as PATH } from '../stopping/types.js';
import { describe, didYouMean, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';

/** `early_terminate`: the type picks the rule (stopping/registry.ts), which reads its own keys. */
export function parseEarlyTerminate(value: unknown, problems: Problems): EarlyTerminate | undefined {
  if (!isPlainObject(value)) {
    problems.error(PATH, `must be a mapping such as {type: hyperband, min_iter: 3} (got ${describe(value)})`);
    return undefined;
  }
  const type = value['type'];
  if (typeof type !== 'string' || !(STOPPING_TYPES as readonly string[]).includes(type)) {
    const hint = typeof type === 'string' ? didYouMean(type, STOPPING_TYPES) : '';
    problems.error(`${PATH}.type`, `${type === undefined ? 'is required' : `unknown type ${describe(type)}${hint}`}; use one of ${STOPPING_TYPES.join(', ')}`);
    return undefined;
  }
  // A local collector, so one section's errors decide whether the section yields a value.
  const local = new Problems();
  const f = new Fields(value, PATH, local);
  const result = stoppingRuleOf(type as EarlyTerminate['type']).parse(f);
  problems.errors.push(...local.errors);
  problems.warnings.push(...local.warnings);
  return local.count > 0 ? undefined : result;
}
