// The sweep page's leaderboard as the page derives it from the trials it loads: the trials in
// leaderboard order, a row per trial, the rows the view shows, the columns a range can filter on,
// the trial marked best and the words that say what is shown. Pure, like the other lib modules.
import { applyView, type LeaderboardView, type RangeFilter, type ViewableTrial } from './leaderboard-view.ts';
import { rankTrials } from './leaderboard.ts';
import { flattenParams } from './params.ts';
import { inServerOrder } from './pareto.ts';

/** The statuses a trial can have, in the order the status filter lists them. */
export const TRIAL_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'STOPPED', 'FAILED'];

export interface BoardTrial extends ViewableTrial {
  objective: number | null;
  params: unknown;
  tags: readonly string[];
  /** The latest value of each metric column the view asked for. */
  latest: ReadonlyArray<{ key: string; value: number }>;
}

export interface BoardRow<T extends BoardTrial> {
  trial: T;
  /** Params by dotted name. */
  flat: Record<string, unknown>;
  /** Latest value of each metric column, by key. */
  latest: Record<string, number>;
}

/**
 * The trials in leaderboard order: with several objectives the API's order (Pareto rank, then
 * crowding) is kept; with one, best first for the goal.
 */
export function leaderboardOrder<T extends BoardTrial>(trials: readonly T[], severalObjectives: boolean, metricGoal: string | null | undefined): T[] {
  return severalObjectives ? [...trials] : rankTrials(trials, metricGoal);
}

/** A row per trial: its params flattened to dotted names, its latest metric values by key. */
export function leaderboardRows<T extends BoardTrial>(trials: readonly T[]): Array<BoardRow<T>> {
  return trials.map((trial) => ({ trial, flat: flattenParams(trial.params), latest: Object.fromEntries(trial.latest.map((l) => [l.key, l.value])) }));
}

/**
 * The rows the view shows, in its order, less those without the tag filtered on. Sorted by
 * objective, best first, a Pareto leaderboard keeps the server's order (there is no single best).
 */
export function shownRows<T extends BoardTrial>(
  rows: ReadonlyArray<BoardRow<T>>, view: LeaderboardView, metricGoal: string | null | undefined, now: number,
  tag: string | null, severalObjectives: boolean,
): Array<BoardRow<T>> {
  const viewed = applyView(rows, view, metricGoal, now).filter((r) => !tag || r.trial.tags.includes(tag));
  return severalObjectives && view.sort === 'objective' && view.dir === 'asc' ? inServerOrder(rows, viewed) : viewed;
}

/** The columns a range can filter on: objective, duration, the numeric parameters, the metric columns shown. */
export function rangeKeys(
  metricName: string | null, columns: readonly string[], rows: ReadonlyArray<{ flat: Record<string, unknown> }>, metrics: readonly string[],
): Array<{ key: RangeFilter['key']; label: string }> {
  return [
    { key: 'objective' as const, label: metricName ?? 'objective' },
    { key: 'duration' as const, label: 'duration (s)' },
    ...columns.filter((c) => rows.some((r) => typeof r.flat[c] === 'number')).map((c) => ({ key: `param:${c}` as const, label: c })),
    ...metrics.map((m) => ({ key: `metric:${m}` as const, label: m })),
  ];
}

/** The row marked best: the sweep's best trial, else the top of the leaderboard when it has an objective. */
export function bestTrialId(bestTrial: { id: string } | null, trials: ReadonlyArray<{ id: string; objective: number | null }>): string | undefined {
  const top = trials[0];
  return bestTrial?.id ?? (top && top.objective !== null ? top.id : undefined);
}

/** The tag the leaderboard is filtered by (`?tag=`), or null. */
export function tagFilterOf(search: Record<string, string | string[] | undefined>): string | null {
  return typeof search.tag === 'string' && search.tag !== '' ? search.tag : null;
}

/** What the status and range filters leave, e.g. " · showing 2 completed or pruned in range"; empty without filters. */
export function filterSummary(view: Pick<LeaderboardView, 'statuses' | 'ranges'>, shown: number): string {
  if (view.statuses.length === 0 && view.ranges.length === 0) return '';
  const statuses = view.statuses.length > 0 ? ` ${view.statuses.map((st) => st.toLowerCase()).join(' or ')}` : '';
  return ` · showing ${shown}${statuses}${view.ranges.length > 0 ? ' in range' : ''}`;
}

/** How many trials the leaderboard holds: "best 100 of 340 trials" when the API has more. */
export function countSummary(shownTrials: number, totalCount: number, hasNextPage: boolean): string {
  return hasNextPage ? `best ${shownTrials} of ${totalCount} trials` : `${totalCount} trials`;
}
