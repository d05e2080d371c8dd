import type { MetricSpec, SweepConfig } from '@anneal/core';
import { MetricStore, TrialStore, type CapturedWarmTrial, type Sweep } from '@anneal/db';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { trialObjectiveValues } from './pareto.js';

/**
 * `warm_start: {sweep: ID}` seeds the new sweep's model with the earlier sweep's finished trials
 * (the core drops those that do not fit the new space; infeasible ones are left out: their values
 * are real but mark no region worth seeding). The earlier sweep must be one the
 * creator can read (`read` resolves it as the creator, throwing otherwise). The trials are taken now and stored with the sweep; the scheduler's first
 * tick tells the searcher, and logs how many it used and skipped.
 *
 * With one metric, the earlier sweep must have optimized the same metric in the same direction,
 * and each trial brings its objective. With several objectives, each trial brings its value of
 * every objective of the NEW sweep, by name, wherever the earlier sweep had it: its own objective
 * or any metric it logged, in any order, and `gpu_hours` and `wall_seconds` from what it
 * measurably cost (as the leaderboard reads them). The goals are the new sweep's: a value means
 * the same whichever way the earlier sweep pushed it. A trial missing one is stored with null
 * there and skipped by the scheduler; an earlier sweep none of whose completed trials has every
 * value is refused, since it could seed nothing.
 */
export async function warmStartTrials(deps: ApiDeps, config: SweepConfig, read: (id: string) => Promise<Sweep>): Promise<CapturedWarmTrial[] | null> {
  if (!config.warmStart) return null;
  let source: Sweep;
  try {
    source = await read(config.warmStart.sweep);
  } catch {
    throw problem(`sweep ${config.warmStart.sweep} does not exist or you cannot read it`);
  }
  if (config.objectives) return objectiveValuesOfSource(deps, source, config.objectives);
  if (source.metricName !== config.metric?.name || source.metricGoal !== config.metric?.goal) {
    throw problem(`sweep ${source.id} optimized ${source.metricGoal ?? 'no'} ${source.metricName ?? 'metric'}; this one ${config.metric?.goal ?? 'no'} ${config.metric?.name ?? 'metric'}`);
  }
  return new TrialStore(deps.ds).completedResults(source.id, { feasibleOnly: true });
}

async function objectiveValuesOfSource(deps: ApiDeps, source: Sweep, objectives: readonly MetricSpec[]): Promise<CapturedWarmTrial[]> {
  const runs = await new TrialStore(deps.ds).completedRuns(source.id);
  const latest = await new MetricStore(deps.ds).latest(runs.map((t) => t.id), objectives.map((o) => o.name));
  const captured = runs.map((t) => ({ params: t.params, values: trialObjectiveValues(objectives, t, latest.get(t.id) ?? []) }));
  if (captured.length > 0 && !captured.some((t) => t.values.every((v) => v !== null))) {
    const missing = objectives.filter((_, i) => captured.every((t) => t.values[i] === null)).map((o) => o.name);
    const lacking = missing.length > 0 ? `none has ${missing.join(' or ')}` : 'none has all of them';
    throw problem(`sweep ${source.id} has ${captured.length} completed trial${captured.length === 1 ? '' : 's'}, but ${lacking}: a warm start needs each objective's value (${objectives.map((o) => o.name).join(', ')}) logged under that name`);
  }
  return captured;
}

function problem(message: string): ApiError {
  return new ApiError('BAD_USER_INPUT', `config.warm_start.sweep: ${message}`, [{ path: 'config.warm_start.sweep', message }]);
}
