import type { SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';
import { conditionOrder, isActive } from '../space/conditions.js';
import { isValidValue } from '../space/validity.js';
import type { Params } from '../space/types.js';
import type { SearcherState, StepResult, WarmTrial } from './types.js';

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

/** Keeps at most `limit` trials, spread evenly over the ranking so the model sees good and bad. */
function thin(trials: WarmTrial[], limit: number, goal: 'minimize' | 'maximize'): WarmTrial[] {
  if (trials.length <= limit) return trials;
  const sorted = [...trials].sort((a, b) => (goal === 'maximize' ? b.value - a.value : a.value - b.value));
  const out: WarmTrial[] = [];
  for (let i = 0; i < limit; i++) out.push(sorted[Math.round((i * (sorted.length - 1)) / (limit - 1))]!);
  return out;
}

export function onWarmStart(config: SweepConfig, state: SearcherState, trials: unknown): { result: StepResult; accepted: number; rejected: number } {
  if (!Array.isArray(trials)) {
    throw new CoreError('EVENT_INVALID', 'warm_start needs trials: [{params: {...}, value: number}, ...]');
  }
  const kept: WarmTrial[] = [];
  for (const t of trials) {
    const rec = t as { params?: unknown; value?: unknown } | null;
    const value = rec?.value;
    const params = compatible(config, rec?.params);
    if (params && typeof value === 'number' && Number.isFinite(value)) kept.push({ params, value: value + 0 });
  }
  // A repeated event (redelivery, restart) replaces the previous seed instead of doubling it.
  const warm = thin(kept, WARM_LIMIT, config.metric?.goal ?? 'minimize');
  return { result: { state: { ...state, warm }, actions: [] }, accepted: warm.length, rejected: trials.length - kept.length };
}
