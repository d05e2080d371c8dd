import { satisfies } from '../constraints/admissible.js';
import { namesOf, parseExpression } from '../constraints/expression.js';
import { ExpressionSyntaxError } from '../constraints/tokens.js';
import type { MetricConstraint, ParameterConstraint, SweepConstraints } from '../constraints/types.js';
import { Rng } from '../rng.js';
import { gridPointAt, gridSize } from '../space/grid.js';
import { sampleParams } from '../space/sample.js';
import type { Dimension, Space } from '../space/types.js';
import { Fields } from './fields.js';
import { MAX_GRID_POINTS } from './sweep-size.js';
import { describe, didYouMean, isPlainObject, joinPath, Problems } from './problems.js';

/**
 * `constraints:` (Anneal's own key; W&B has none), a list mixing two kinds of entries:
 *
 *   constraints:
 *     - lora_alpha >= lora_r                # on parameters: never proposed otherwise
 *     - batch_size * grad_accum <= 256
 *     - {name: gpu_mem_gib, max: 70}        # on a reported metric: min and/or max
 *
 * Parameter constraints are expressions (constraints/expression.ts) checked here against the
 * space: known names, numeric parameters, and at least one point of the space meeting them all.
 */

/** Random draws that must find a point meeting every parameter constraint at parse time. */
export const SATISFIABILITY_DRAWS = 2048;
// Finite spaces up to this size are checked point by point (configs are parsed often, so
// the check stays within milliseconds); larger ones by random draws.
const ENUMERATE_UP_TO = 10_000;

function numericProblem(dim: Dimension): string | undefined {
  if (dim.kind === 'float' || dim.kind === 'int') return undefined;
  const bad = (dim.values ?? []).find((v) => typeof v !== 'number');
  return bad === undefined ? undefined : `parameter '${dim.name}' has a non-numeric value (${describe(bad)}); constraints compute with numbers only`;
}

function parseExpressionEntry(text: string, path: string, space: Space, problems: Problems): ParameterConstraint | undefined {
  let expr;
  try {
    expr = parseExpression(text);
  } catch (err) {
    if (!(err instanceof ExpressionSyntaxError)) throw err;
    problems.error(path, `'${text}': column ${err.column}: ${err.reason}`);
    return undefined;
  }
  const names = namesOf(expr);
  const dims = new Map(space.map((d) => [d.name, d]));
  let ok = true;
  for (const [name, column] of names) {
    const dim = dims.get(name);
    if (!dim) {
      ok = false;
      problems.error(path, `'${text}': column ${column}: unknown parameter '${name}'${didYouMean(name, [...dims.keys()])}; use a name from parameters (nested ones as parent.child)`);
      continue;
    }
    const problem = numericProblem(dim);
    if (problem) {
      ok = false;
      problems.error(path, `'${text}': column ${column}: ${problem}`);
    }
  }
  return ok ? { text, expr, names: [...names.keys()] } : undefined;
}

function parseMetricEntry(value: Record<string, unknown>, path: string, problems: Problems): MetricConstraint | undefined {
  const f = new Fields(value, path, problems);
  f.onlyKeys(['name', 'min', 'max'], 'metric constraint');
  const name = f.string('name');
  if (name === undefined) problems.error(joinPath(path, 'name'), 'is required: the metric your program logs, e.g. {name: gpu_mem_gib, max: 70}');
  const min = f.number('min', { why: 'the smallest allowed final value' });
  const max = f.number('max', { why: 'the largest allowed final value' });
  if (min === undefined && max === undefined && value['min'] === undefined && value['max'] === undefined) {
    problems.error(path, 'needs min, max or both: the bounds the final value must stay within');
    return undefined;
  }
  if (min !== undefined && max !== undefined && min > max) {
    problems.error(path, `min (${min}) is above max (${max}); no value could satisfy it`);
    return undefined;
  }
  if (name === undefined) return undefined;
  return { name, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/**
 * Whether any point of the space meets every parameter constraint: all points of a small
 * finite space, else random draws. An admission rule: a stored sweep keeps running (its
 * sampler ends it with the reason if nothing can be proposed).
 */
function checkSatisfiable(list: ParameterConstraint[], space: Space, problems: Problems, enumerateUpTo: number): void {
  if (list.length === 0 || space.length === 0) return;
  const meets = (p: Record<string, unknown>) => list.every((c) => satisfies(c, p));
  const size = gridSize(space);
  if (Number.isFinite(size) && size <= enumerateUpTo) {
    for (let i = 0; i < size; i++) if (meets(gridPointAt(space, i))) return;
    problems.admission('constraints', `no combination of the parameters' values meets every constraint (all ${size} checked); loosen a constraint or widen a parameter`);
    return;
  }
  // A fixed seed: the verdict on a config must not change between parses.
  const rng = Rng.fromSeed(1);
  for (let i = 0; i < SATISFIABILITY_DRAWS; i++) if (meets(sampleParams(space, rng))) return;
  problems.admission('constraints', `none of ${SATISFIABILITY_DRAWS} random draws from the space meets every constraint, so they are contradictory or leave too small a region to sample; loosen a constraint or narrow the parameters to the region they allow`);
}

/** `forGrid`: the grid visits every point, so any one meeting the constraints will run: all are checked. */
export function parseConstraints(value: unknown, space: Space, problems: Problems, forGrid = false): SweepConstraints | undefined {
  if (!Array.isArray(value)) {
    problems.error('constraints', `must be a list such as ['lora_alpha >= lora_r', {name: gpu_mem_gib, max: 70}] (got ${describe(value)})`);
    return undefined;
  }
  const parameters: ParameterConstraint[] = [];
  const metrics: MetricConstraint[] = [];
  const before = problems.count;
  value.forEach((entry, i) => {
    const path = joinPath('constraints', i);
    if (typeof entry === 'string') {
      const c = parseExpressionEntry(entry, path, space, problems);
      if (c) parameters.push(c);
    } else if (isPlainObject(entry)) {
      const m = parseMetricEntry(entry, path, problems);
      if (m && metrics.some((o) => o.name === m.name)) problems.error(joinPath(path, 'name'), `'${m.name}' is constrained twice; give both bounds in one entry ({name: ${m.name}, min: .., max: ..})`);
      else if (m) metrics.push(m);
    } else {
      problems.error(path, `must be an expression on parameters ('batch_size * grad_accum <= 256') or a metric bound ({name: gpu_mem_gib, max: 70}) (got ${describe(entry)})`);
    }
  });
  if (problems.count === before) checkSatisfiable(parameters, space, problems, forGrid ? MAX_GRID_POINTS : ENUMERATE_UP_TO);
  return { parameters, metrics };
}
