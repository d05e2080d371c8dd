import { describe, didYouMean, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';

const TYPES = ['cloud', 'local'];

/**
 * W&B's `controller: {type: cloud | local}`. In W&B, `local` means the user runs the search
 * loop on their own machine (`wandb controller`). Anneal's scheduler service always runs the
 * search, wherever the API runs (on your machine with `anneal up`), so both types mean the
 * same thing here and nothing extra needs starting. Returns the type when valid.
 */
export function parseController(value: unknown, problems: Problems): string | undefined {
  if (!isPlainObject(value)) {
    problems.admission('controller', `must be a mapping such as {type: cloud} (got ${describe(value)})`);
    return undefined;
  }
  const f = new Fields(value, 'controller', problems);
  for (const key of Object.keys(value)) {
    // W&B's schema lets other keys through; they have no effect there either.
    if (key !== 'type') problems.warn(f.at(key), `is not a controller key and is ignored; the only key is type`);
  }
  const type = value['type'];
  if (type === undefined) {
    problems.admission('controller.type', `is required: use one of ${TYPES.join(', ')}`);
    return undefined;
  }
  if (typeof type !== 'string' || !TYPES.includes(type)) {
    problems.admission('controller.type', `unknown controller type ${describe(type)}${typeof type === 'string' ? didYouMean(type, TYPES) : ''}; use one of ${TYPES.join(', ')} (both mean Anneal's scheduler runs the search)`);
    return undefined;
  }
  return type;
}
