import { describe, didYouMean, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';
import type { EarlyTerminate } from './types.js';

const TYPES = ['hyperband', 'median', 'asha', 'forecast'] as const;
const PATH = 'early_terminate';

function hyperband(f: Fields): EarlyTerminate | undefined {
  f.onlyKeys(['type', 'min_iter', 'max_iter', 's', 'eta', 'strict'], 'hyperband');
  const minIter = f.number('min_iter', { integer: true, min: 1, why: 'the first step at which runs may be stopped' });
  const maxIter = f.number('max_iter', { integer: true, min: 1, why: 'the last step at which runs may be stopped' });
  let s = f.number('s', { integer: true, min: 1, why: 'the number of brackets' });
  const eta = f.number('eta', { fallback: 3, exclusiveMin: 1, why: 'the keep-1/eta reduction factor' });
  const strict = f.boolean('strict');
  if (!f.has('min_iter') && !f.has('max_iter')) {
    f.problems.error(PATH, 'hyperband needs min_iter (first step to stop runs at) or max_iter with s (last step and number of brackets); add one of them');
    return undefined;
  }
  if (minIter !== undefined && maxIter !== undefined && maxIter <= minIter) {
    f.problems.error(f.at('max_iter'), `must be greater than ${f.at('min_iter')} (${minIter})`);
  }
  if (eta !== undefined && maxIter !== undefined && minIter === undefined && !f.has('s')) {
    // W&B's schema wants s with max_iter; rather than refuse, use every bracket down to 1 step.
    s = Math.max(1, Math.floor(Math.log(maxIter) / Math.log(eta) + 1e-9));
    f.problems.warn(f.at('s'), `not set: using ${s} (brackets down to 1 step); W&B requires s when only max_iter is given`);
  }
  if (eta !== undefined && maxIter !== undefined && s !== undefined && minIter === undefined && maxIter / eta ** s < 1) {
    f.problems.warn(f.at('s'), `with max_iter ${maxIter} and eta ${eta}, brackets below step 1 are never reached; use s <= ${Math.max(1, Math.floor(Math.log(maxIter) / Math.log(eta) + 1e-9))}`);
  }
  if (f.problems.count > 0 || eta === undefined) return undefined;
  return {
    type: 'hyperband',
    eta,
    ...(minIter !== undefined ? { min_iter: minIter } : {}),
    ...(maxIter !== undefined ? { max_iter: maxIter } : {}),
    ...(s !== undefined ? { s } : {}),
    ...(strict !== undefined ? { strict } : {}),
  };
}

function median(f: Fields): EarlyTerminate | undefined {
  f.onlyKeys(['type', 'min_iter', 'min_trials', 'percentile'], 'median');
  const minIter = f.number('min_iter', { fallback: 1, integer: true, min: 0, why: 'the first step at which runs may be stopped' });
  const minTrials = f.number('min_trials', { fallback: 5, integer: true, min: 1, why: 'how many trials must have reported at a step before anyone is judged there' });
  const percentile = f.number('percentile', { fallback: 50, exclusiveMin: 0, exclusiveMax: 100, why: 'stop runs worse than this percentile of the cohort; 50 is the median' });
  if (minIter === undefined || minTrials === undefined || percentile === undefined) return undefined;
  return { type: 'median', min_iter: minIter, min_trials: minTrials, percentile };
}

function asha(f: Fields): EarlyTerminate | undefined {
  f.onlyKeys(['type', 'min_iter', 'max_iter', 'eta'], 'asha');
  const minIter = f.number('min_iter', { fallback: 1, integer: true, min: 1, why: 'the first rung, in steps' });
  const maxIter = f.number('max_iter', { integer: true, min: 1, why: 'the last rung, in steps' });
  const eta = f.number('eta', { fallback: 3, exclusiveMin: 1, why: 'the keep-1/eta reduction factor' });
  if (minIter !== undefined && maxIter !== undefined && maxIter <= minIter) {
    f.problems.error(f.at('max_iter'), `must be greater than ${f.at('min_iter')} (${minIter})`);
    return undefined;
  }
  if (minIter === undefined || eta === undefined) return undefined;
  return { type: 'asha', min_iter: minIter, eta, ...(maxIter !== undefined ? { max_iter: maxIter } : {}) };
}

function forecast(f: Fields): EarlyTerminate | undefined {
  f.onlyKeys(['type', 'min_iter', 'max_iter', 'min_trials'], 'forecast');
  const minIter = f.number('min_iter', { fallback: 1, integer: true, min: 1, why: 'the first step at which runs may be stopped' });
  const maxIter = f.number('max_iter', { integer: true, min: 2, why: 'the step runs end at; learned from completed runs when absent' });
  const minTrials = f.number('min_trials', { fallback: 2, integer: true, min: 1, why: 'completed runs needed before any run is stopped' });
  if (minIter !== undefined && maxIter !== undefined && maxIter <= minIter) {
    f.problems.error(f.at('max_iter'), `must be greater than ${f.at('min_iter')} (${minIter})`);
    return undefined;
  }
  if (minIter === undefined || minTrials === undefined) return undefined;
  return { type: 'forecast', min_iter: minIter, min_trials: minTrials, ...(maxIter !== undefined ? { max_iter: maxIter } : {}) };
}

export function parseEarlyTerminate(value: unknown, problems: Problems): EarlyTerminate | undefined {
  if (!isPlainObject(value)) {
    problems.error(PATH, `must be a mapping such as {type: hyperband, min_iter: 3} (got ${describe(value)})`);
    return undefined;
  }
  const type = value['type'];
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    const hint = typeof type === 'string' ? didYouMean(type, TYPES) : '';
    problems.error(`${PATH}.type`, `${type === undefined ? 'is required' : `unknown type ${describe(type)}${hint}`}; use one of ${TYPES.join(', ')}`);
    return undefined;
  }
  // A local collector, so one section's errors decide whether the section yields a value.
  const local = new Problems();
  const f = new Fields(value, PATH, local);
  const result = type === 'hyperband' ? hyperband(f) : type === 'median' ? median(f) : type === 'asha' ? asha(f) : forecast(f);
  problems.errors.push(...local.errors);
  problems.warnings.push(...local.warnings);
  return local.count > 0 ? undefined : result;
}
