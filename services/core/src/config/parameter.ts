import { qIndexRange } from '../space/dimension.js';
import type { Dimension, Distribution } from '../space/types.js';
import { DISTRIBUTIONS } from '../space/types.js';
import { canonicalJson } from '../space/values.js';
import { describe, didYouMean, joinPath, Problems } from './problems.js';

type Raw = Record<string, unknown>;

/** Keys each distribution takes besides `distribution` itself (W&B's schema, per kind). */
const KEYS: Record<Distribution, { required: string[]; optional: string[] }> = {
  constant: { required: ['value'], optional: [] },
  categorical: { required: ['values'], optional: ['probabilities'] },
  categorical_w_probabilities: { required: ['values', 'probabilities'], optional: [] },
  uniform: { required: ['min', 'max'], optional: [] },
  int_uniform: { required: ['min', 'max'], optional: [] },
  q_uniform: { required: ['min', 'max'], optional: ['q'] },
  log_uniform_values: { required: ['min', 'max'], optional: [] },
  inv_log_uniform_values: { required: ['min', 'max'], optional: [] },
  q_log_uniform_values: { required: ['min', 'max'], optional: ['q'] },
  log_uniform: { required: ['min', 'max'], optional: [] },
  inv_log_uniform: { required: ['min', 'max'], optional: [] },
  q_log_uniform: { required: ['min', 'max'], optional: ['q'] },
  normal: { required: [], optional: ['mu', 'sigma'] },
  q_normal: { required: [], optional: ['mu', 'sigma', 'q'] },
  log_normal: { required: [], optional: ['mu', 'sigma'] },
  q_log_normal: { required: [], optional: ['mu', 'sigma', 'q'] },
  beta: { required: [], optional: ['a', 'b'] },
  q_beta: { required: [], optional: ['a', 'b', 'q'] },
};

/** The W&B forms whose min/max are natural-log exponents rather than values. */
const EXPONENT_FORMS: Partial<Record<Distribution, Distribution>> = {
  log_uniform: 'log_uniform_values',
  inv_log_uniform: 'inv_log_uniform_values',
  q_log_uniform: 'q_log_uniform_values',
};

function fmt(x: number): string {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}

interface Ctx {
  spec: Raw;
  path: string;
  problems: Problems;
  floatPaths: ReadonlySet<string>;
}

function numberAt(ctx: Ctx, key: string, fallback?: number): number | undefined {
  const v = ctx.spec[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    ctx.problems.error(joinPath(ctx.path, key), `must be a number (got ${describe(v)})`);
    return undefined;
  }
  return v;
}

function positiveAt(ctx: Ctx, key: string, fallback: number, why: string): number | undefined {
  const v = numberAt(ctx, key, fallback);
  if (v !== undefined && v <= 0) {
    ctx.problems.error(joinPath(ctx.path, key), `must be greater than 0 (got ${v}); ${why}`);
    return undefined;
  }
  return v;
}

/** What an omitted `distribution` means, following W&B's inference rules. */
function inferDistribution(ctx: Ctx): Distribution | undefined {
  const { spec, path, problems } = ctx;
  if ('values' in spec) return 'categorical';
  if ('value' in spec) return 'constant';
  const hasMin = 'min' in spec;
  const hasMax = 'max' in spec;
  if (hasMin && hasMax) {
    if ('q' in spec) {
      problems.error(joinPath(path, 'q'), 'q needs an explicit distribution: add distribution: q_uniform (or q_log_uniform_values)');
      return undefined;
    }
    const isInt = (k: string) =>
      typeof spec[k] === 'number' && Number.isInteger(spec[k]) && !ctx.floatPaths.has(joinPath(path, k));
    return isInt('min') && isInt('max') ? 'int_uniform' : 'uniform';
  }
  if (hasMin || hasMax) {
    problems.error(joinPath(path, hasMin ? 'max' : 'min'), `is required: a range needs both min and max`);
    return undefined;
  }
  if ('mu' in spec || 'sigma' in spec) {
    problems.error(joinPath(path, 'distribution'), 'is required with mu/sigma: add distribution: normal (or log_normal, q_normal, q_log_normal)');
    return undefined;
  }
  problems.error(path, 'must define the parameter: use value (constant), values (categorical), min and max (range), a distribution, or nested parameters');
  return undefined;
}

function checkKeys(ctx: Ctx, distribution: Distribution, explicit: boolean): boolean {
  const { required, optional } = KEYS[distribution];
  const allowed = new Set(['distribution', ...required, ...optional]);
  let ok = true;
  for (const key of Object.keys(ctx.spec)) {
    if (allowed.has(key)) continue;
    ok = false;
    const how = explicit ? `distribution ${distribution}` : `a ${distribution} parameter`;
    ctx.problems.error(joinPath(ctx.path, key), `is not allowed for ${how}; allowed keys: ${[...allowed].join(', ')}${didYouMean(key, [...allowed])}`);
  }
  for (const key of required) {
    if (!(key in ctx.spec)) {
      ok = false;
      ctx.problems.error(joinPath(ctx.path, key), `is required for distribution ${distribution}`);
    }
  }
  return ok;
}

function categorical(ctx: Ctx, dim: Dimension): Dimension | undefined {
  const values = ctx.spec['values'];
  const vpath = joinPath(ctx.path, 'values');
  if (!Array.isArray(values) || values.length === 0) {
    ctx.problems.error(vpath, `must be a non-empty list of choices (got ${describe(values)})`);
    return undefined;
  }
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const key = canonicalJson(v);
    if (seen.has(key)) ctx.problems.warn(joinPath(vpath, i), `duplicate value ${describe(v)}: it will be drawn more often`);
    seen.add(key);
  });
  const result: Dimension = { ...dim, kind: 'categorical', values: [...values] };
  if (!('probabilities' in ctx.spec)) return result;
  const probs = ctx.spec['probabilities'];
  const ppath = joinPath(ctx.path, 'probabilities');
  if (!Array.isArray(probs) || !probs.every((p) => typeof p === 'number' && Number.isFinite(p) && p >= 0)) {
    ctx.problems.error(ppath, 'must be a list of numbers >= 0, one per value');
    return undefined;
  }
  if (probs.length !== values.length) {
    ctx.problems.error(ppath, `must have one entry per value: ${values.length} values but ${probs.length} probabilities`);
    return undefined;
  }
  const sum = (probs as number[]).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) {
    ctx.problems.error(ppath, `must sum to 1 (they sum to ${Number(sum.toPrecision(6))})`);
    return undefined;
  }
  return { ...result, probabilities: [...(probs as number[])] };
}

function range(ctx: Ctx, distribution: Distribution): { low: number; high: number } | undefined {
  const min = numberAt(ctx, 'min');
  const max = numberAt(ctx, 'max');
  if (min === undefined || max === undefined) return undefined;
  const minPath = joinPath(ctx.path, 'min');
  const maxPath = joinPath(ctx.path, 'max');
  if (distribution === 'int_uniform') {
    let ok = true;
    for (const [key, v] of [['min', min], ['max', max]] as const) {
      const at = joinPath(ctx.path, key);
      if (!Number.isSafeInteger(v)) {
        ok = false;
        ctx.problems.error(at, `must be an integer for int_uniform (got ${v}); use distribution: uniform for real numbers`);
      } else if (ctx.floatPaths.has(at)) {
        // W&B (Python) refuses a float here even when it is whole; YAML and JSON text say which was written.
        ok = false;
        ctx.problems.admission(at, `must be an integer for int_uniform but is written as a float; write ${v} (no decimal point or exponent), or use distribution: uniform for real numbers`);
      }
    }
    if (!ok) return undefined;
  }
  if (max <= min) {
    ctx.problems.error(maxPath, `must be a number greater than ${minPath} (${min})`);
    return undefined;
  }
  const exponentForm = EXPONENT_FORMS[distribution];
  if (exponentForm) {
    const inverse = distribution === 'inv_log_uniform';
    const low = inverse ? Math.exp(-max) : Math.exp(min);
    const high = inverse ? Math.exp(-min) : Math.exp(max);
    if (!(low > 0) || !Number.isFinite(high)) {
      ctx.problems.error(ctx.path, `${distribution} takes natural-log exponents; e^${min}..e^${max} is out of floating-point range`);
      return undefined;
    }
    let hint = `${distribution} is deprecated: its min/max are natural-log exponents (here ${fmt(low)} to ${fmt(high)}); prefer distribution: ${exponentForm} with min: ${fmt(low)}, max: ${fmt(high)}`;
    // Exponents above 0 mean values above 1: for learning rates and the like, a sign of
    // someone who wrote values where exponents were expected.
    if (!inverse && min >= 0) hint += `. If you meant ${min} and ${max} as values, use ${exponentForm}`;
    ctx.problems.warn(joinPath(ctx.path, 'distribution'), hint);
    return { low, high };
  }
  if (/log_uniform_values$/.test(distribution) && min <= 0) {
    ctx.problems.error(minPath, `must be greater than 0 for ${distribution} (got ${min}): a log scale cannot include 0 or negatives`);
    return undefined;
  }
  return { low: min, high: max };
}

/** Validates one non-nested parameter and returns its dimension (undefined if invalid). */
export function parseParameter(
  spec: Raw,
  path: string,
  name: string,
  dimPath: string[],
  problems: Problems,
  floatPaths: ReadonlySet<string>,
): Dimension | undefined {
  const ctx: Ctx = { spec, path, problems, floatPaths };
  const written = spec['distribution'];
  let distribution: Distribution | undefined;
  if (written !== undefined) {
    if (typeof written !== 'string' || !(DISTRIBUTIONS as readonly string[]).includes(written)) {
      problems.error(joinPath(path, 'distribution'), `unknown distribution ${describe(written)}${typeof written === 'string' ? didYouMean(written, DISTRIBUTIONS) : ''}; use one of ${DISTRIBUTIONS.join(', ')}`);
      return undefined;
    }
    distribution = written as Distribution;
  } else {
    distribution = inferDistribution(ctx);
  }
  if (!distribution || !checkKeys(ctx, distribution, written !== undefined)) return undefined;

  const base: Dimension = { name, path: dimPath, kind: 'float', distribution, scale: 'linear' };
  switch (distribution) {
    case 'constant':
      return { ...base, kind: 'constant', values: [spec['value']] };
    case 'categorical':
    case 'categorical_w_probabilities':
      return categorical(ctx, base);
    case 'normal':
    case 'q_normal':
    case 'log_normal':
    case 'q_log_normal': {
      const mu = numberAt(ctx, 'mu', 0);
      const sigma = positiveAt(ctx, 'sigma', 1, 'it is the standard deviation');
      const q = distribution.startsWith('q_') ? positiveAt(ctx, 'q', 1, 'values are multiples of q') : undefined;
      if (mu === undefined || sigma === undefined || (distribution.startsWith('q_') && q === undefined)) return undefined;
      const scale = distribution.endsWith('log_normal') ? 'log' : 'linear';
      return { ...base, scale, mu, sigma, ...(q !== undefined ? { q } : {}) };
    }
    case 'beta':
    case 'q_beta': {
      const a = positiveAt(ctx, 'a', 1, 'it is a beta shape parameter');
      const b = positiveAt(ctx, 'b', 1, 'it is a beta shape parameter');
      const q = distribution === 'q_beta' ? positiveAt(ctx, 'q', 1, 'values are multiples of q') : undefined;
      if (a === undefined || b === undefined || (distribution === 'q_beta' && q === undefined)) return undefined;
      return withQ(ctx, { ...base, low: 0, high: 1, a, b }, q);
    }
    default: {
      const bounds = range(ctx, distribution);
      const quantized = distribution.startsWith('q_');
      const q = quantized ? positiveAt(ctx, 'q', 1, 'values are multiples of q') : undefined;
      if (!bounds || (quantized && q === undefined)) return undefined;
      if (distribution === 'int_uniform') return { ...base, kind: 'int', ...bounds };
      const scale = distribution.includes('log') ? 'log' : 'linear';
      return withQ(ctx, { ...base, scale, ...bounds }, q);
    }
  }
}

function withQ(ctx: Ctx, dim: Dimension, q: number | undefined): Dimension | undefined {
  if (q === undefined) return dim;
  const quantized = { ...dim, q };
  const r = qIndexRange(quantized);
  if (r && r.last < r.first) {
    ctx.problems.error(joinPath(ctx.path, 'q'), `no multiple of q (${q}) lies between ${fmt(dim.low ?? 0)} and ${fmt(dim.high ?? 0)}; use a smaller q or a wider range`);
    return undefined;
  }
  return quantized;
}
