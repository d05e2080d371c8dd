import type { SweepConfig } from '../config/types.js';
import { CoreError, isCoreError } from '../errors.js';
import { judgeFeasibility } from './feasibility.js';
import { createRng, isRngState, Rng } from '../rng.js';
import { reachesTarget } from './objective.js';
import { finishedValues, sameValues } from './objective-values.js';
import { proposeNext } from '../samplers/dispatch.js';
import { decideStop } from '../stopping/decide.js';
import { samplerOf } from '../samplers/registry.js';
import type { SamplerOptions } from '../samplers/types.js';
import { upgradeSearcherState } from './upgrade.js';
import { onWarmStart } from './warm-start.js';
import { paramsKey } from './propose.js';
import type { SearcherAction, SearcherEvent, SearcherState, StepResult, TrialRecord } from './types.js';

export function initSearcher(config: SweepConfig, seed: number): SearcherState {
  const rng = createRng(seed);
  const sampler = samplerOf(config.method).initState(rng) as SearcherState['sampler'];
  return { version: 2, rng, nextTrial: 0, gridCursor: 0, exhausted: false, trials: {}, sampler };
}

function checkState(state: SearcherState): void {
  const ok =
    typeof state === 'object' &&
    state !== null &&
    state.version === 2 &&
    isRngState(state.rng) &&
    Number.isSafeInteger(state.nextTrial) &&
    Number.isSafeInteger(state.gridCursor) &&
    typeof state.exhausted === 'boolean' &&
    typeof state.trials === 'object' &&
    state.trials !== null &&
    typeof state.sampler === 'object' &&
    state.sampler !== null;
  if (!ok) throw new CoreError('STATE_INVALID', 'searcher state is malformed or from an unknown version');
}

function record(state: SearcherState, trial: unknown): TrialRecord {
  if (typeof trial !== 'number' || !Number.isSafeInteger(trial) || trial < 0) {
    throw new CoreError('EVENT_INVALID', `trial must be a non-negative integer, got ${JSON.stringify(trial)}`);
  }
  const rec = state.trials[trial];
  if (!rec) throw new CoreError('TRIAL_UNKNOWN', `trial ${trial} was never created by this searcher`, { trial });
  return rec;
}

function finite(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new CoreError('EVENT_INVALID', `${what} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v + 0; // -0 would not survive the JSON round trip of the state
}

function withTrial(state: SearcherState, trial: number, rec: TrialRecord): SearcherState {
  return { ...state, trials: { ...state.trials, [trial]: rec } };
}

function countPending(state: SearcherState): number {
  return Object.values(state.trials).filter((t) => t.status === 'pending').length;
}

/** Whether no further trial can ever be created (the cap or the grid is used up). */
function isSpent(config: SweepConfig, state: SearcherState): boolean {
  if (config.runCap !== undefined && state.nextTrial >= config.runCap) return true;
  return samplerOf(config.method).spent?.(config, state) ?? false;
}

function onRequest(config: SweepConfig, state: SearcherState, count: unknown, options: SamplerOptions): StepResult {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new CoreError('EVENT_INVALID', `request count must be a non-negative integer, got ${JSON.stringify(count)}`);
  }
  if (state.exhausted) return { state, actions: [] };
  const room = Math.max(0, config.maxConcurrent - countPending(state));
  const rng = Rng.fromState(state.rng);
  const taken = new Set(Object.values(state.trials).map((t) => paramsKey(t.params)));
  const trials = { ...state.trials };
  const actions: SearcherAction[] = [];
  let next = { ...state, trials };
  for (let i = 0; i < Math.min(count, room) && !isSpent(config, next); i++) {
    let proposal;
    try {
      proposal = proposeNext(config, next, rng, taken, options);
    } catch (err) {
      // Parameter constraints that leave nothing to propose end the sweep, with the reason.
      if (!isCoreError(err, 'CONSTRAINTS_UNSATISFIABLE')) throw err;
      next = { ...next, rng: rng.state(), exhausted: true };
      actions.push({ type: 'exhausted', reason: err.message });
      return { state: next, actions };
    }
    // PBT has nothing to start while its population is complete and no child is queued.
    if (!proposal) break;
    const { params, source, restore } = proposal;
    if (proposal.own !== undefined) next = { ...next, sampler: proposal.own as SearcherState['sampler'] };
    if (proposal.gridCursor !== undefined) next = { ...next, gridCursor: proposal.gridCursor };
    taken.add(paramsKey(params));
    const trial = next.nextTrial;
    const concurrent = countPending(next);
    trials[trial] = { params, status: 'pending', ...(source ? { source } : {}), ...(restore ? { restore } : {}), ...(concurrent > 0 ? { concurrent } : {}) };
    next = { ...next, nextTrial: trial + 1 };
    actions.push({ type: 'create', trial, params, ...(restore ? { restore } : {}) });
  }
  next = { ...next, rng: rng.state() };
  if (isSpent(config, next)) {
    next = { ...next, exhausted: true };
    actions.push({ type: 'exhausted' });
  }
  return { state: next, actions };
}

function onReport(config: SweepConfig, state: SearcherState, event: { trial: number; step: number; value: number; checkpoint?: boolean }): StepResult {
  const rec = record(state, event.trial);
  const step = finite('report step', event.step);
  const value = finite('report value', event.value);
  if (rec.status !== 'pending') {
    throw new CoreError('TRIAL_NOT_PENDING', `trial ${event.trial} is ${rec.status}; it cannot report any more`, { trial: event.trial, status: rec.status });
  }
  // Kept sorted by step with one entry per step: deliveries can repeat or arrive out of order.
  const reports = (rec.reports ?? []).filter(([s]) => s !== step);
  const at = reports.findIndex(([s]) => s > step);
  reports.splice(at < 0 ? reports.length : at, 0, [step, value]);
  const latest = reports[reports.length - 1];
  const previousStep = reports.filter(([s]) => s < step).pop()?.[0];
  const checkpoint = event.checkpoint === true ? Math.max(step, rec.checkpoint ?? step) : rec.checkpoint;
  // PBT alone reads every checkpoint step (pbt/exploit.ts); other sweeps keep only the latest.
  const checkpoints = config.pbt && event.checkpoint === true ? [...new Set([...(rec.checkpoints ?? []), step])].sort((a, b) => a - b) : rec.checkpoints;
  let next = withTrial(state, event.trial, {
    ...rec, reports, value: latest ? latest[1] : value, ...(checkpoint !== undefined ? { checkpoint } : {}), ...(checkpoints !== undefined ? { checkpoints } : {}),
  });
  const verdict = decideStop(config, next, event.trial, step, previousStep);
  if (verdict.stop) return { state: next, actions: [{ type: 'stop', trial: event.trial, evidence: verdict.evidence }] };
  const hook = samplerOf(config.method).afterReport;
  if (hook) {
    const rng = Rng.fromState(next.rng);
    const out = hook({ config, state: next, own: next.sampler, trial: event.trial, step, rng });
    if (out) {
      next = { ...next, rng: rng.state(), sampler: out.own as SearcherState['sampler'] };
      return { state: next, actions: [{ type: 'stop', trial: event.trial, evidence: out.evidence }] };
    }
  }
  return { state: next, actions: [] };
}

function onFinished(config: SweepConfig, state: SearcherState, event: Extract<SearcherEvent, { type: 'finished' }>): StepResult {
  const rec = record(state, event.trial);
  if (!['completed', 'pruned', 'failed'].includes(event.state)) {
    throw new CoreError('EVENT_INVALID', `finished state must be completed, pruned or failed, got ${JSON.stringify(event.state)}`);
  }
  const given = event.value;
  const checked = given !== undefined && given !== null && event.state !== 'failed' ? finite('finished value', given) : undefined;
  // A failed trial's value, if any, is untrustworthy; keep only what it reported.
  const value = checked ?? rec.value;
  const feasibility = judgeFeasibility(config, event.infeasible, event.constraints);
  const values = finishedValues(config, event) ?? rec.values;
  if (rec.status !== 'pending') {
    // At-least-once delivery repeats messages: the same outcome again is a no-op.
    if (rec.status === event.state && rec.value === value && sameValues(rec.values, values)) return { state, actions: [] };
    throw new CoreError('TRIAL_NOT_PENDING', `trial ${event.trial} already finished as ${rec.status}`, { trial: event.trial, status: rec.status });
  }
  const { value: _old, ...rest } = rec;
  const cost = event.cost === undefined || event.cost === null ? undefined : finite('finished cost', event.cost);
  if (cost !== undefined && cost < 0) throw new CoreError('EVENT_INVALID', `finished cost must be >= 0 (got ${cost})`);
  const updated: TrialRecord = {
    ...rest,
    status: event.state,
    ...(value !== undefined ? { value } : {}),
    ...(values !== undefined ? { values } : {}),
    ...(feasibility.infeasible ? { infeasible: true as const } : {}),
    ...(feasibility.constraints ? { constraints: feasibility.constraints } : {}),
    ...(cost !== undefined ? { cost } : {}),
  };
  let next = withTrial(state, event.trial, updated);
  const actions: SearcherAction[] = [];
  const metric = config.metric;
  if (
    !next.exhausted &&
    event.state === 'completed' &&
    !feasibility.infeasible &&
    metric?.target !== undefined &&
    value !== undefined &&
    reachesTarget(metric.goal, value, metric.target)
  ) {
    // W&B semantics: reaching metric.target ends the sweep.
    next = { ...next, exhausted: true };
    actions.push({ type: 'exhausted' });
  }
  return { state: next, actions };
}

/**
 * The searcher's only transition. Pure: the input state is never modified, and the same
 * (config, state, event, options) always gives the same result. `options` tune the samplers
 * (benchmarks); omitted, they are the defaults.
 */
export function searcherStep(config: SweepConfig, persisted: SearcherState, event: SearcherEvent, options: SamplerOptions = {}): StepResult {
  // States saved by an older version (sweep.searcher_state) are read into the current shape.
  const state = upgradeSearcherState(config, persisted);
  checkState(state);
  switch (event?.type) {
    case 'request':
      return onRequest(config, state, event.count, options);
    case 'report':
      return onReport(config, state, event);
    case 'finished':
      return onFinished(config, state, event);
    case 'warm_start':
      return onWarmStart(config, state, event.trials).result;
    default:
      throw new CoreError('EVENT_INVALID', `unknown event type ${JSON.stringify((event as { type?: unknown } | undefined)?.type)}`);
  }
}
