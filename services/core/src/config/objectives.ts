import { joinPath, type Problems } from './problems.js';
import type { Method, MetricSpec } from './types.js';

/** The most objectives a sweep may name: exact hypervolume and the models stay cheap up to here. */
export const MAX_OBJECTIVES = 4;

/**
 * Metrics every trial has without the program logging them (the scheduler measures them), so a
 * sweep can trade quality against cost: `metrics: [{name: val_loss}, {name: gpu_hours}]`.
 */
export const SYSTEM_METRICS = ['gpu_hours', 'wall_seconds'] as const;

/**
 * A `metrics` list of two or more parsed entries (undefined where an entry was invalid, already
 * reported): 2 to MAX_OBJECTIVES distinct names, no `target` (a sweep of several objectives has
 * no single value that could reach one).
 */
export function checkObjectiveList(parsed: (MetricSpec | undefined)[], problems: Problems): MetricSpec[] | undefined {
  const before = problems.count;
  if (parsed.length > MAX_OBJECTIVES) {
    problems.error('metrics', `names ${parsed.length} objectives; a multi-objective sweep optimizes 2 to ${MAX_OBJECTIVES}: keep the ones you trade off and log the others as ordinary metrics`);
  }
  const seen = new Map<string, number>();
  parsed.forEach((m, i) => {
    if (!m) return;
    const first = seen.get(m.name);
    if (first !== undefined) problems.error(joinPath(joinPath('metrics', i), 'name'), `'${m.name}' is already metrics[${first}]; each objective must be a different metric`);
    else seen.set(m.name, i);
    if (m.target !== undefined) problems.error(joinPath(joinPath('metrics', i), 'target'), 'is not supported with several objectives (no single trial value can reach it); remove target, or end the sweep with run_cap');
  });
  if (problems.count > before || parsed.some((m) => m === undefined)) return undefined;
  return parsed as MetricSpec[];
}

/**
 * Settings that judge a trial by one number cannot run with several objectives: refused with
 * what to do instead. Warm start and constraints can: warm trials carry a value per objective,
 * and infeasible trials stay off the front. Early stopping is refused rather than defined on the
 * first objective, because a trial that is poor on val_loss but cheap may still be on the front.
 */
export function checkMultiObjectiveSettings(doc: Record<string, unknown>, method: Method | undefined, problems: Problems): void {
  if (method === 'pbt') {
    problems.error('method', 'pbt cannot optimize several objectives (it copies the best member, and a Pareto front has no single best); use metric: {name, goal} with pbt, or method: bayes, tpe or random with metrics');
  }
  if (doc['early_terminate'] !== undefined) {
    problems.error('early_terminate', 'is not supported with several objectives: stopping rules compare trials on one metric, which would cut trials that are on the Pareto front for another; remove early_terminate, or use metric: {name, goal}');
  }
}

/**
 * The one metric a sweep's rows and leaderboard columns name (`sweep.metric_name`, the trial's
 * `objective`): the metric itself, or the first of several objectives. With several, it orders
 * nothing the search relies on; the Pareto front does (see `paretoTrials`).
 */
export function primaryMetric(config: { metric?: MetricSpec; objectives?: MetricSpec[] }): MetricSpec | undefined {
  return config.metric ?? config.objectives?.[0];
}
