import { describe, didYouMean, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';

const ENGINES = ['wandb', 'optuna', 'ax'];
const CODE_KEYS = ['source', 'optimizer', 'search_space'];

/**
 * W&B's newer `scheduler: {engine, source, optimizer, search_space}`. `engine: wandb` alone
 * runs the built-in methods, which is what Anneal always does, so it is accepted. User code
 * (source and the functions it names) and the optuna/ax engines are refused: W&B does not run
 * those engines either, and Anneal's scheduler does not load user code.
 */
export function parseWandbScheduler(value: unknown, problems: Problems): boolean {
  if (!isPlainObject(value)) {
    problems.admission('scheduler', `must be a mapping such as {engine: wandb} (got ${describe(value)})`);
    return false;
  }
  const before = problems.count;
  const f = new Fields(value, 'scheduler', problems);
  f.onlyKeys(['engine', ...CODE_KEYS], 'scheduler');
  const engine = value['engine'];
  if (engine === undefined) {
    problems.admission('scheduler.engine', 'is required; the only engine Anneal runs is wandb (the built-in methods), which is also what no scheduler means');
  } else if (typeof engine !== 'string' || !ENGINES.includes(engine)) {
    problems.admission('scheduler.engine', `unknown engine ${describe(engine)}${typeof engine === 'string' ? didYouMean(engine, ENGINES) : ''}; the only engine Anneal runs is wandb`);
  } else if (engine !== 'wandb') {
    const instead = engine === 'optuna' ? ' (method: tpe is the sampler Optuna uses by default)' : ' (method: gp or bayes is a Gaussian-process search like Ax\'s)';
    problems.admission('scheduler.engine', `engine ${engine} is not supported (W&B does not run it yet either); remove scheduler and pick a method${instead}`);
  }
  for (const key of CODE_KEYS) {
    if (value[key] !== undefined) {
      problems.admission(f.at(key), 'custom scheduler code is not supported: Anneal\'s scheduler runs only its built-in methods; remove it and describe the search in method and parameters');
    }
  }
  return problems.count === before;
}
