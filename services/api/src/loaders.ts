import DataLoader from 'dataloader';
import type { ApiDeps } from './deps.js';
import { listSweepsOfProjects, type SweepRow } from './services/sweeps.js';
import { toTrialRow, type TrialRow } from './services/trials.js';

export interface TrialEventRow { id: string; trialId: string; trialNumber: number; type: string; data: Record<string, unknown>; createdAt: Date }

export const toEventRow = (r: Record<string, unknown>): TrialEventRow => ({
  id: String(r.id), trialId: r.trial_id as string, trialNumber: r.number as number, type: r.type as string,
  data: r.data as Record<string, unknown>, createdAt: r.created_at as Date,
});

export interface MetricSeriesRow { key: string; points: Array<{ step: number; value: number }> }
export interface TrialCountsRow { queued: number; running: number; completed: number; pruned: number; failed: number; total: number }

/** Per-request batching, so a leaderboard of N trials costs a few queries, not N. */
export function createLoaders(deps: ApiDeps) {
  const { ds } = deps;
  return {
    sweepsByProject: new DataLoader<string, SweepRow[]>(async (projectIds) => {
      const rows = await listSweepsOfProjects(deps, projectIds);
      return projectIds.map((id) => rows.filter((r) => r.projectId === id));
    }),
    trialCounts: new DataLoader<string, TrialCountsRow>(async (sweepIds) => {
      const rows: Array<{ sweep_id: string; status: string; n: number }> = await ds.query(
        `SELECT sweep_id, status, count(*)::int AS n FROM trial WHERE sweep_id = ANY($1::uuid[]) GROUP BY sweep_id, status`,
        [sweepIds],
      );
      return sweepIds.map((id) => {
        const c: TrialCountsRow = { queued: 0, running: 0, completed: 0, pruned: 0, failed: 0, total: 0 };
        for (const r of rows) {
          if (r.sweep_id !== id) continue;
          c[r.status.toLowerCase() as keyof Omit<TrialCountsRow, 'total'>] = r.n;
          c.total += r.n;
        }
        return c;
      });
    }),
    bestTrial: new DataLoader<string, TrialRow | null>(async (sweepIds) => {
      // One LIMIT 1 index probe per sweep and direction instead of sorting every trial.
      const rows = await ds.query(
        `SELECT b.*, p.organization_id
           FROM unnest($1::uuid[]) AS u(sweep_id)
           JOIN sweep s ON s.id = u.sweep_id
           JOIN project p ON p.id = s.project_id
           CROSS JOIN LATERAL (
             (SELECT t.id, t.sweep_id, t.number, t.status, t.params, t.objective, t.attempt, t.agent_id, t.error, t.log_tail,
                    t.parent_trial_id, t.restore_step, t.created_at, t.started_at, t.finished_at
               FROM trial t
              WHERE t.sweep_id = u.sweep_id AND t.objective IS NOT NULL AND s.metric_goal = 'minimize'
              ORDER BY t.objective ASC, t.number LIMIT 1)
             UNION ALL
             (SELECT t.id, t.sweep_id, t.number, t.status, t.params, t.objective, t.attempt, t.agent_id, t.error, t.log_tail,
                    t.parent_trial_id, t.restore_step, t.created_at, t.started_at, t.finished_at
               FROM trial t
              WHERE t.sweep_id = u.sweep_id AND t.objective IS NOT NULL AND s.metric_goal = 'maximize'
              ORDER BY t.objective DESC NULLS LAST, t.number LIMIT 1)
           ) AS b`,
        [sweepIds],
      );
      const byId = new Map<string, TrialRow>(rows.map((r: Record<string, unknown>) => [r.sweep_id as string, toTrialRow(r)]));
      return sweepIds.map((id) => byId.get(id) ?? null);
    }),
    trialEvents: new DataLoader<string, TrialEventRow[]>(async (trialIds) => {
      const rows: TrialEventRow[] = (await ds.query(
        `SELECT e.id, e.trial_id, t.number, e.type, e.data, e.created_at FROM trial_event e JOIN trial t ON t.id = e.trial_id
          WHERE e.trial_id = ANY($1::uuid[]) ORDER BY e.id`,
        [trialIds],
      )).map(toEventRow);
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
        const keys = JSON.parse(keysJson) as string[] | null;
        const rows: Array<{ trial_id: string; key: string; step: number; value: number }> = await ds.query(
          `SELECT trial_id, key, step, value FROM metric WHERE trial_id = ANY($1::uuid[]) ${keys ? 'AND key = ANY($2::text[])' : ''}
            ORDER BY trial_id, key, step`,
          keys ? [trialIds, keys] : [trialIds],
        );
        for (const id of trialIds) result.set(`${id}\u0000${keysJson}`, []);
        for (const r of rows) {
          const series = result.get(`${r.trial_id}\u0000${keysJson}`)!;
          const last = series[series.length - 1];
          if (last && last.key === r.key) last.points.push({ step: r.step, value: r.value });
          else series.push({ key: r.key, points: [{ step: r.step, value: r.value }] });
        }
      }
      return compound.map((c) => result.get(c) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
