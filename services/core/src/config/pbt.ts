import { describe, isPlainObject, Problems } from './problems.js';
import { Fields } from './fields.js';
import type { PbtConfig } from './types.js';

const KEYS = ['population_size', 'interval', 'quantile', 'perturb', 'resample_probability'];
/** Without an interval PBT still runs (the benchmarks and quick trials rely on it), warned. */
const DEFAULT_INTERVAL = 10;

function perturbFactors(f: Fields): number[] | undefined {
  const v = f.obj['perturb'];
  if (v === undefined) return [0.8, 1.2];
  // A single number p reads as "perturb by +-p", the way people describe it.
  if (typeof v === 'number' && v > 0 && v < 1) return [1 - v, 1 + v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) {
    return [...(v as number[])];
  }
  f.problems.error(f.at('perturb'), `must be a fraction in (0, 1) such as 0.2 (meaning factors 0.8 and 1.2) or a list of positive factors such as [0.8, 1.2] (got ${describe(v)})`);
  return undefined;
}

/** Anneal's `pbt:` section (W&B has no PBT); keys in snake_case like the rest of the file. */
export function parsePbt(value: unknown, problems: Problems): PbtConfig | undefined {
  const local = new Problems();
  if (value === undefined) {
    problems.warn('pbt', `not set: using population_size 8 and exploit/explore every ${DEFAULT_INTERVAL} steps; set pbt: {interval: N} to match how often your trainer reports`);
    return { populationSize: 8, interval: DEFAULT_INTERVAL, quantile: 0.25, perturb: [0.8, 1.2], resampleProbability: 0.25 };
  } else if (!isPlainObject(value)) {
    local.error('pbt', `must be a mapping such as {population_size: 8, interval: 1000} (got ${describe(value)})`);
  } else {
    const f = new Fields(value, 'pbt', local);
    f.onlyKeys(KEYS, 'pbt');
    const populationSize = f.number('population_size', { fallback: 8, integer: true, min: 2, why: 'members trained side by side' });
    const interval = f.number('interval', { fallback: DEFAULT_INTERVAL, integer: true, min: 1, why: 'steps between exploit/explore rounds' });
    if (!f.has('interval')) local.warn('pbt.interval', `not set: exploiting every ${DEFAULT_INTERVAL} steps; set it to match how often your trainer reports`);
    const quantile = f.number('quantile', { fallback: 0.25, exclusiveMin: 0, max: 0.5, why: 'the bottom fraction that copies from the top fraction' });
    const perturb = perturbFactors(f);
    const resampleProbability = f.number('resample_probability', { fallback: 0.25, min: 0, max: 1, why: 'chance to resample a parameter instead of perturbing it' });
    if (local.count === 0 && populationSize !== undefined && interval !== undefined && quantile !== undefined && perturb && resampleProbability !== undefined) {
      problems.warnings.push(...local.warnings);
      return { populationSize, interval, quantile, perturb, resampleProbability };
    }
  }
  problems.errors.push(...local.errors);
  problems.warnings.push(...local.warnings);
  return undefined;
}
