// What the leaderboard's export writes: every trial the current view shows, in its order, as
// the same table `anneal sweep export` writes (trialsTable in @anneal/core). Pure.
import type { ExportTrial } from '@anneal/core';
import { applyView, type LeaderboardView } from './leaderboard-view.ts';
import { flattenParams } from './params.ts';

export interface ExportableTrial {
  id: string;
  number: number;
  status: string;
  objective: number | null;
  params: Record<string, unknown>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  tags: string[];
  latest: Array<{ key: string; value: number }>;
}

/** The view's rows (status, ranges, tag, sort) as export rows, with the view's metric columns. */
export function exportRows(trials: readonly ExportableTrial[], view: LeaderboardView, goal: string | null | undefined, tag: string | null, now: number): ExportTrial[] {
  const rows = trials
    .filter((t) => tag === null || t.tags.includes(tag))
    .map((trial) => ({ trial, flat: flattenParams(trial.params), latest: Object.fromEntries(trial.latest.map((l) => [l.key, l.value])) }));
  return applyView(rows, view, goal, now).map(({ trial, latest }) => ({
    number: trial.number, status: trial.status, objective: trial.objective, params: trial.params,
    createdAt: trial.createdAt, startedAt: trial.startedAt, finishedAt: trial.finishedAt,
    ...(Object.keys(latest).length > 0 ? { latest } : {}),
  }));
}

/** A file name that says what it holds: sweep name (safe characters only) and format. */
export function exportFileName(sweepName: string, format: 'csv' | 'json'): string {
  const safe = sweepName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'sweep';
  return `${safe}-trials.${format}`;
}
