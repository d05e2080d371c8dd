import { initSearcher, parseSweepConfig, searcherStep, type SearcherState, type SweepConfig } from '@anneal/core';
import type { SweepStatus } from '@anneal/db';
import { enqueueStop } from '@anneal/scheduler';
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorizeUser, requireRole } from '../auth/policy.js';
import type { UserViewer, Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { getProject } from './projects.js';
import { parseInput } from './validate.js';

export interface SweepRow {
  id: string; projectId: string; organizationId: string; name: string; status: SweepStatus; method: string;
  configText: string; metricName: string | null; metricGoal: 'minimize' | 'maximize' | null;
  createdAt: Date; finishedAt: Date | null;
}

/** Large enough for any real config, small enough that one request cannot bloat a row. */
export const MAX_CONFIG_BYTES = 64 * 1024;

const createSweepInput = z.object({
  projectId: z.string().uuid('must be a project id (a UUID)'),
  config: z.string().min(1, 'must not be empty').refine((s) => Buffer.byteLength(s) <= MAX_CONFIG_BYTES, `must be at most ${MAX_CONFIG_BYTES} bytes`),
  name: z.string().trim().min(1).max(200).optional(),
});

const SELECT = `SELECT s.id, s.project_id, p.organization_id, s.name, s.status, s.method, s.config_text, s.metric_name,
                       s.metric_goal, s.created_at, s.finished_at
                  FROM sweep s JOIN project p ON p.id = s.project_id`;

export const toSweepRow = (r: Record<string, unknown>): SweepRow => ({
  id: r.id as string, projectId: r.project_id as string, organizationId: r.organization_id as string,
  name: r.name as string, status: r.status as SweepStatus, method: r.method as string,
  configText: r.config_text as string, metricName: r.metric_name as string | null,
  metricGoal: r.metric_goal as SweepRow['metricGoal'], createdAt: r.created_at as Date, finishedAt: r.finished_at as Date | null,
});

export async function getSweep(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<SweepRow> {
  const v = authorizeUser(viewer, 'sweep');
  const rows = z.string().uuid().safeParse(id).success ? await deps.ds.query(`${SELECT} WHERE s.id = $1`, [id]) : [];
  const row = rows[0] ? toSweepRow(rows[0]) : null;
  if (!row) throw notFound('sweep', id);
  requireRole(v, 'sweep', row.organizationId, () => notFound('sweep', id));
  return row;
}

export async function listSweepsOfProjects(deps: ApiDeps, projectIds: readonly string[]): Promise<SweepRow[]> {
  const rows = await deps.ds.query(`${SELECT} WHERE s.project_id = ANY($1::uuid[]) ORDER BY s.created_at DESC`, [projectIds]);
  return rows.map(toSweepRow);
}

export async function createSweep(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<SweepRow> {
  const v = authorizeUser(viewer, 'createSweep');
  const { projectId, config: text, name } = parseInput(createSweepInput, input);
  const project = await getProject(deps, v, projectId);
  requireRole(v, 'createSweep', project.organizationId, () => notFound('project', projectId));
  const parsed = parseSweepConfig(text);
  if (!parsed.ok) {
    const problems = parsed.problems.map((p) => ({ path: p.path ? `config.${p.path}` : 'config', message: p.message }));
    throw new ApiError(
      'BAD_USER_INPUT',
      `invalid sweep config (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `- ${p.path}: ${p.message}`).join('\n')}`,
      problems,
    );
  }
  const config = parsed.config;
  const id = randomUUID();
  const seed = randomInt(2 ** 31);
  const initialState = await warmStartedState(deps, v, config, seed);
  const sweepName = name ?? (typeof config.raw.name === 'string' && config.raw.name.trim() ? config.raw.name.trim() : `sweep-${id.slice(0, 8)}`);
  await deps.ds.query(
    `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, metric_name, metric_goal, pool,
                        max_concurrent, seed, searcher_state, created_by)
     VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [id, projectId, sweepName, config.method, text, JSON.stringify(config.raw), config.metric?.name ?? null,
      config.metric?.goal ?? null, config.pool, config.maxConcurrent, seed, JSON.stringify(initialState), v.userId],
  );
  deps.pokeScheduler();
  return getSweep(deps, v, id);
}

/**
 * `warm_start: {sweep: ID}` seeds the new sweep's model with the earlier sweep's finished trials
 * (the core drops those that do not fit the new space). The earlier sweep must be one the
 * creator can read, and must have optimized the same metric in the same direction.
 */
async function warmStartedState(deps: ApiDeps, viewer: UserViewer, config: SweepConfig, seed: number): Promise<SearcherState> {
  const initial = initSearcher(config, seed);
  if (!config.warmStart) return initial;
  const problem = (message: string): ApiError =>
    new ApiError('BAD_USER_INPUT', `config.warm_start.sweep: ${message}`, [{ path: 'config.warm_start.sweep', message }]);
  let source: SweepRow;
  try {
    source = await getSweep(deps, viewer, config.warmStart.sweep);
  } catch {
    throw problem(`sweep ${config.warmStart.sweep} does not exist or you cannot read it`);
  }
  if (source.metricName !== config.metric?.name || source.metricGoal !== config.metric?.goal) {
    throw problem(`sweep ${source.id} optimized ${source.metricGoal ?? 'no'} ${source.metricName ?? 'metric'}; this one ${config.metric?.goal ?? 'no'} ${config.metric?.name ?? 'metric'}`);
  }
  const rows: Array<{ params: Record<string, unknown>; objective: number }> = await deps.ds.query(
    `SELECT params, objective FROM trial WHERE sweep_id = $1 AND status = 'COMPLETED' AND objective IS NOT NULL ORDER BY number`,
    [source.id],
  );
  return searcherStep(config, initial, { type: 'warm_start', trials: rows.map((r) => ({ params: r.params, value: r.objective })) }).state;
}

const TRANSITIONS: Record<'stop' | 'pause' | 'resume', { from: SweepStatus[]; to: SweepStatus }> = {
  stop: { from: ['PENDING', 'RUNNING', 'PAUSED'], to: 'STOPPED' },
  pause: { from: ['PENDING', 'RUNNING'], to: 'PAUSED' },
  resume: { from: ['PAUSED'], to: 'RUNNING' },
};

/**
 * Stop ends queued trials at once (they never started) and asks agents to end running ones;
 * pause only stops new trials from being created.
 */
const OPERATIONS = { stop: 'stopSweep', pause: 'pauseSweep', resume: 'resumeSweep' } as const;

export async function changeSweepStatus(deps: ApiDeps, viewer: Viewer | null, id: string, op: 'stop' | 'pause' | 'resume'): Promise<SweepRow> {
  const v = authorizeUser(viewer, OPERATIONS[op]);
  const sweep = await getSweep(deps, v, id);
  requireRole(v, OPERATIONS[op], sweep.organizationId, () => notFound('sweep', id));
  const { from, to } = TRANSITIONS[op];
  await deps.ds.transaction(async (em) => {
    const [locked] = (await em.query(`SELECT status FROM sweep WHERE id = $1 FOR UPDATE`, [id])) as Array<{ status: SweepStatus }>;
    if (!locked || !from.includes(locked.status)) {
      throw new ApiError('CONFLICT', `cannot ${op} a sweep that is ${locked?.status ?? 'gone'} (allowed from ${from.join(', ')})`);
    }
    await em.query(
      `UPDATE sweep SET status = $2, updated_at = now(), finished_at = CASE WHEN $2 = 'STOPPED' THEN now() ELSE finished_at END WHERE id = $1`,
      [id, to],
    );
    if (op !== 'stop') return;
    const active: Array<{ id: string; status: string }> = await em.query(
      `SELECT id, status FROM trial WHERE sweep_id = $1 AND status IN ('QUEUED', 'RUNNING')`, [id],
    );
    for (const t of active) await enqueueStop(em, deps.names.org(sweep.organizationId), t.id, 'sweep stopped');
    const queued = active.filter((t) => t.status === 'QUEUED').map((t) => t.id);
    if (queued.length > 0) {
      await em.query(`UPDATE trial SET status = 'PRUNED', finished_at = now(), error = 'sweep stopped before the trial started' WHERE id = ANY($1::uuid[])`, [queued]);
      await em.query(
        `INSERT INTO trial_event (trial_id, sweep_id, type, data) SELECT t, $2, 'cancelled', '{"reason":"sweep stopped"}' FROM unnest($1::uuid[]) AS t`,
        [queued, id],
      );
    }
  });
  deps.pokeScheduler();
  return getSweep(deps, v, id);
}
