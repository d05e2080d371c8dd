import type { MetricSpec, SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';
import { paretoOrder } from '../pareto/crowding.js';
import { toMinimizeAll } from '../pareto/objectives.js';
import { conditionOrder, isActive } from '../space/conditions.js';
import { isValidValue } from '../space/validity.js';
import type { Params } from '../space/types.js';
import type { SearcherState, StepResult, WarmTrial } from './types.js';
import { warmValues } from './warm-values.js';

/** Enough to shape a model; more only slows every ask. */
export const WARM_LIMIT = 200;

/**
 * Prior trials restricted to the current space: a trial is kept when every parameter the
 * space varies has a valid value in it (extra keys are dropped, constants filled in), and its
 * value is finite. Incompatible ones are counted, not fatal: spaces evolve between sweeps.
 * In a conditional space only the parameters active under the trial's own choices are needed
 * (and kept); the others are dropped like any extra key.
 */
function compatible(config: SweepConfig, params: unknown): Params | undefined {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const p = params as Params;
  const found: Params = {};
  const dims = new Map(config.space.map((d) => [d.name, d]));
  for (const dim of conditionOrder(config.space)) {
    if (!isActive(dims, dim, found)) continue;
    if (dim.kind === 'constant') {
      found[dim.name] = dim.values?.[0];
      continue;
    }
    if (!(dim.name in p) || !isValidValue(dim, p[dim.name])) return undefined;
    found[dim.name] = p[dim.name];
  }
  const out: Params = {};
  for (const dim of config.space) if (dim.name in found) out[dim.name] = found[dim.name];
  return out;
}

/**
 * Keeps at most `limit` trials, spread evenly over the ranking so the model sees good and bad:
 * by value with one objective, by Pareto rank then crowding (the leaderboard's order) with several.
 */
function thin(trials: WarmTrial[], limit: number, config: SweepConfig): WarmTrial[] {
  if (trials.length <= limit) return trials;
  const sorted = config.objectives ? byParetoOrder(trials, config.objectives) : byValue(trials, config.metric?.goal ?? 'minimize');
  const out: WarmTrial[] = [];
  for (let i = 0; i < limit; i++) out.push(sorted[Math.round((i * (sorted.length - 1)) / (limit - 1))]!);
  return out;
}

function byValue(trials: WarmTrial[], goal: 'minimize' | 'maximize'): WarmTrial[] {
  return [...trials].sort((a, b) => (goal === 'maximize' ? b.value! - a.value! : a.value! - b.value!));
}

function byParetoOrder(trials: WarmTrial[], objectives: readonly MetricSpec[]): WarmTrial[] {
  return paretoOrder(trials.map((t) => toMinimizeAll(objectives, t.values!))).map((i) => trials[i]!);
}

export function onWarmStart(config: SweepConfig, state: SearcherState, trials: unknown): { result: StepResult; accepted: number; rejected: number } {
  if (!Array.isArray(trials)) {
    const shape = config.objectives ? 'values: [number, ...]' : 'value: number';
    throw new CoreError('EVENT_INVALID', `warm_start needs trials: [{params: {...}, ${shape}}, ...]`);
  }
  const kept: WarmTrial[] = [];
  trials.forEach((t: unknown, i) => {
    // Values first: a malformed multi-objective entry is refused even if its params would not fit.
    const values = warmValues(config, t, i);
    const params = compatible(config, (t as { params?: unknown } | null)?.params);
    if (params && values) kept.push({ params, ...values });
  });
  // A repeated event (redelivery, restart) replaces the previous seed instead of doubling it.
  const warm = thin(kept, WARM_LIMIT, config);
  return { result: { state: { ...state, warm }, actions: [] }, accepted: warm.length, rejected: trials.length - kept.length };
}
