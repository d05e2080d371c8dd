import { EventStore, MetricStore, SweepStore, TrialStore, type MetricSeries, type Trial, type TrialEvent } from '@anneal/db';
import DataLoader from 'dataloader';
import type { ApiDeps } from './deps.js';
import { listSweepsOfProjects, type SweepRow } from './services/sweeps.js';
import { readSeries, type ReadBudget } from './services/metric-reads.js';
import { objectivesOf, paretoRanked, type RankedTrial } from './services/pareto.js';

export type TrialEventRow = TrialEvent;
export type MetricSeriesRow = MetricSeries;
export interface TrialCountsRow { queued: number; running: number; completed: number; pruned: number; stopped: number; failed: number; total: number; infeasible: number }

/** Per-request batching, so a leaderboard of N trials costs a few queries, not N. */
export function createLoaders(deps: ApiDeps, budget: ReadBudget) {
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
        const c: TrialCountsRow = { queued: 0, running: 0, completed: 0, pruned: 0, stopped: 0, failed: 0, total: 0, infeasible: 0 };
        for (const r of rows) {
          if (r.sweepId !== id) continue;
          c[r.status.toLowerCase() as keyof Omit<TrialCountsRow, 'total' | 'infeasible'>] = r.n;
          c.total += r.n;
          c.infeasible += r.infeasible ?? 0;
        }
        return c;
      });
    }),
    bestTrial: new DataLoader<string, Trial | null>(async (sweepIds) => {
      const best = await trials.bestOfSweeps(sweepIds);
      return sweepIds.map((id) => best.get(id) ?? null);
    }),
    /** A trial's sweep config text (for its objectives); the trial was authorized by whoever resolved it. */
    sweepConfig: new DataLoader<string, string | null>(async (sweepIds) => {
      const texts = await new SweepStore(deps.ds).configTexts(sweepIds);
      return sweepIds.map((id) => texts.get(id) ?? null);
    }),
    /**
     * Keyed by `${sweepId}\u0000${configText}`: a multi-objective sweep's completed trials in Pareto
     * order, computed once per request though the front and the leaderboard both ask.
     */
    paretoRanked: new DataLoader<string, RankedTrial[]>((keys) => Promise.all(keys.map((k) => {
      const cut = k.indexOf('\u0000');
      const objectives = objectivesOf(k.slice(cut + 1));
      return objectives ? paretoRanked(deps, k.slice(0, cut), objectives) : [];
    }))),
    trialEvents: new DataLoader<string, TrialEventRow[]>(async (trialIds) => {
      const rows = await events.ofTrials(trialIds);
      return trialIds.map((id) => rows.filter((r) => r.trialId === id));
    }),
    /**
     * Keyed by `${trialId}\u0000${JSON.stringify(keys)}\u0000${maxPoints}` so different key
     * filters and sizes batch separately; each batch is sized (and refused when over the request's
     * budget) before any point is read, and read already downsampled.
     */
    metrics: new DataLoader<string, MetricSeriesRow[]>(async (compound) => {
      const groups = new Map<string, string[]>();
      for (const c of compound) {
        const cut = c.indexOf('\u0000');
        groups.set(c.slice(cut + 1), [...(groups.get(c.slice(cut + 1)) ?? []), c.slice(0, cut)]);
      }
      const result = new Map<string, MetricSeriesRow[]>();
      for (const [rest, trialIds] of groups) {
        const [keysJson, maxPoints] = rest.split('\u0000') as [string, string];
        const series = await readSeries(deps, budget, trialIds, JSON.parse(keysJson) as string[] | null, Number(maxPoints));
        for (const id of trialIds) result.set(`${id}\u0000${rest}`, series.get(id) ?? []);
      }
      return compound.map((c) => result.get(c) ?? []);
    }),
    /** Keyed by `${trialId}\u0000${JSON.stringify(sortedKeys)}`: one query per distinct key list. */
    latest: new DataLoader<string, Array<{ key: string; step: number; value: number }>>(async (compound) => {
      const groups = new Map<string, string[]>();
      for (const c of compound) {
        const cut = c.indexOf('\u0000');
        groups.set(c.slice(cut + 1), [...(groups.get(c.slice(cut + 1)) ?? []), c.slice(0, cut)]);
      }
      const result = new Map<string, Array<{ key: string; step: number; value: number }>>();
      for (const [keysJson, trialIds] of groups) {
        const latest = await new MetricStore(deps.ds).latest(trialIds, JSON.parse(keysJson) as string[]);
        for (const id of trialIds) result.set(`${id}\u0000${keysJson}`, latest.get(id) ?? []);
      }
      return compound.map((c) => result.get(c) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
