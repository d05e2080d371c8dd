import { completeValues, objectiveValuesOf, paretoOrder, paretoRanks, parseSweepConfig, toMinimizeAll, type MetricSpec } from '@anneal/core';
import { MetricStore, TrialStore, type Trial } from '@anneal/db';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import type { ApiDeps } from '../deps.js';
import { trialCost } from './budget.js';

/**
 * Completed trials a front is computed over. A sweep's run_cap keeps far below this in practice;
 * past it the front covers the first trials by number (said in the schema's description).
 */
export const MAX_PARETO_TRIALS = 10_000;

// Every leaderboard row asks for its sweep's objectives; a config's text never changes.
const parsedObjectives = new Map<string, MetricSpec[] | null>();
const CACHE_SIZE = 500;

/** The stored config's objectives (`metrics:`), null for a single-objective sweep; configs were validated when created. */
export function objectivesOf(configText: string): MetricSpec[] | null {
  const hit = parsedObjectives.get(configText);
  if (hit !== undefined) return hit;
  const parsed = parseSweepConfig(configText, { trainers: SWEEP_TRAINERS, stored: true });
  const objectives = parsed.ok ? parsed.config.objectives ?? null : null;
  if (parsedObjectives.size >= CACHE_SIZE) parsedObjectives.delete(parsedObjectives.keys().next().value!);
  parsedObjectives.set(configText, objectives);
  return objectives;
}

/** A trial's value of each objective (null where it has none yet): what the scheduler tells the searcher. */
export function trialObjectiveValues(objectives: readonly MetricSpec[], trial: Pick<Trial, 'startedAt' | 'finishedAt' | 'gpus'>, reported: ReadonlyArray<{ key: string; value: number }>): (number | null)[] {
  return objectiveValuesOf(objectives, new Map(reported.map((r) => [r.key, r.value] as const)), trialCost(trial));
}

export interface RankedTrial { trial: Trial; values: number[]; rank: number }

/**
 * The sweep's completed trials with a value for every objective, in the leaderboard's order:
 * Pareto rank, then crowding distance (the extremes of each rank first). Infeasible trials (a
 * metric constraint broken) are left out in SQL, as the core's `paretoTrials` leaves them out:
 * their values are real but unreachable. The sweep was authorized by whoever resolved it.
 */
export async function paretoRanked(deps: ApiDeps, sweepId: string, objectives: readonly MetricSpec[]): Promise<RankedTrial[]> {
  const completed = await new TrialStore(deps.ds).feasibleCompletedOf(sweepId, MAX_PARETO_TRIALS);
  const latest = await new MetricStore(deps.ds).latest(completed.map((t) => t.id), objectives.map((o) => o.name));
  const placed: Array<{ trial: Trial; values: number[] }> = [];
  for (const trial of completed) {
    const values = completeValues(trialObjectiveValues(objectives, trial, latest.get(trial.id) ?? []));
    if (values) placed.push({ trial, values });
  }
  const points = placed.map((p) => toMinimizeAll(objectives, p.values));
  const ranks = paretoRanks(points);
  return paretoOrder(points, ranks).map((i) => ({ ...placed[i]!, rank: ranks[i]! }));
}

/**
 * A page of the leaderboard in Pareto order: the ranked trials first (rank, then crowding; from
 * `paretoRanked`), then every other trial (running, failed, or missing a value) by number.
 */
export async function paretoPage(deps: ApiDeps, sweepId: string, ranked: readonly Trial[], limit: number, offset: number): Promise<Trial[]> {
  const head = ranked.slice(offset, offset + limit);
  if (head.length === limit) return head;
  const rest = await new TrialStore(deps.ds).pageExcluding(sweepId, ranked.map((t) => t.id), limit - head.length, Math.max(0, offset - ranked.length));
  return [...head, ...rest];
}
