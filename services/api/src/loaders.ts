import { EventStore, TrialStore, type MetricSeries, type Trial, type TrialEvent } from '@anneal/db';
import DataLoader from 'dataloader';
import type { ApiDeps } from './deps.js';
import { listSweepsOfProjects, type SweepRow } from './services/sweeps.js';
import { metricSeries } from './services/trials.js';

export type TrialEventRow = TrialEvent;
export type MetricSeriesRow = MetricSeries;
export interface TrialCountsRow { queued: number; running: number; completed: number; pruned: number; failed: number; total: number }

/** Per-request batching, so a leaderboard of N trials costs a few queries, not N. */
export function createLoaders(deps: ApiDeps) {
  const trials = new TrialStore(deps.ds);
  const events = new EventStore(deps.ds);
  return {
    sweepsByProject: new DataLoader<string, SweepRow[]>(async (projectIds) => {
      const rows = await listSweepsOfProjects(deps, projectIds);
      return projectIds.map((id) => rows.filter((r) => r.projectId === id));
    }),
    trialCounts: new DataLoader<string, TrialCountsRow>(async (sweepIds) => {
      const rows = await trials.countsByStatus(sweepIds);
      return sweepIds.map((id) => {
        const c: TrialCountsRow = { queued: 0, running: 0, completed: 0, pruned: 0, failed: 0, total: 0 };
        for (const r of rows) {
          if (r.sweepId !== id) continue;
          c[r.status.toLowerCase() as keyof Omit<TrialCountsRow, 'total'>] = r.n;
          c.total += r.n;
        }
        return c;
      });
    }),
    bestTrial: new DataLoader<string, Trial | null>(async (sweepIds) => {
      const best = await trials.bestOfSweeps(sweepIds);
      return sweepIds.map((id) => best.get(id) ?? null);
    }),
    trialEvents: new DataLoader<string, TrialEventRow[]>(async (trialIds) => {
      const rows = await events.ofTrials(trialIds);
      return trialIds.map((id) => rows.filter((r) => r.trialId === id));
    }),
    /** Keyed by `${trialId}\u0000${JSON.stringify(keys)}` so different key filters batch separately. */
    metrics: new DataLoader<string, MetricSeriesRow[]>(async (compound) => {
      const groups = new Map<string, string[]>();
      for (const c of compound) {
        const [trialId, keys] = c.split('\u0000') as [string, string];
        groups.set(keys, [...(groups.get(keys) ?? []), trialId]);
      }
      const result = new Map<string, MetricSeriesRow[]>();
      for (const [keysJson, trialIds] of groups) {
        const series = await metricSeries(deps, trialIds, JSON.parse(keysJson) as string[] | null);
        for (const id of trialIds) result.set(`${id}\u0000${keysJson}`, series.get(id) ?? []);
      }
      return compound.map((c) => result.get(c) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
