import { initSearcher, parseSweepConfig, primaryMetric } from '@anneal/core';
import { EventStore, OutboxStore, SweepStore, TrialStore, retryingTransaction, type Sweep, type SweepStatus } from '@anneal/db';
import { publishSweepChanged, stopRequest, SWEEP_TRAINERS } from '@anneal/protocol';
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorizeUser, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { getProject } from './projects.js';
import { parseInput } from './validate.js';
import { warmStartTrials } from './warm-start.js';

export type SweepRow = Sweep;

/** Large enough for any real config, small enough that one request cannot bloat a row. */
export const MAX_CONFIG_BYTES = 64 * 1024;

const createSweepInput = z.object({
  projectId: z.string().uuid('must be a project id (a UUID)'),
  config: z.string().min(1, 'must not be empty').refine((s) => Buffer.byteLength(s) <= MAX_CONFIG_BYTES, `must be at most ${MAX_CONFIG_BYTES} bytes`),
  name: z.string().trim().min(1).max(200).optional(),
});

export async function getSweep(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<SweepRow> {
  const v = authorizeUser(viewer, 'sweep');
  const row = z.string().uuid().safeParse(id).success ? await new SweepStore(deps.ds).get(id) : null;
  if (!row) throw notFound('sweep', id);
  requireRole(v, 'sweep', row.organizationId, () => notFound('sweep', id));
  return row;
}

export async function listSweepsOfProjects(deps: ApiDeps, projectIds: readonly string[]): Promise<SweepRow[]> {
  return new SweepStore(deps.ds).listOfProjects(projectIds);
}

export async function createSweep(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<SweepRow> {
  const v = authorizeUser(viewer, 'createSweep');
  const { projectId, config: text, name } = parseInput(createSweepInput, input);
  const project = await getProject(deps, v, projectId);
  requireRole(v, 'createSweep', project.organizationId, () => notFound('project', projectId));
  const parsed = parseSweepConfig(text, { trainers: SWEEP_TRAINERS });
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
  const warmStart = await warmStartTrials(deps, config, (sourceId) => getSweep(deps, v, sourceId));
  const sweepName = name ?? (typeof config.raw.name === 'string' && config.raw.name.trim() ? config.raw.name.trim() : `sweep-${id.slice(0, 8)}`);
  await new SweepStore(deps.ds).insert({
    id, projectId, name: sweepName, method: config.method, configText: text, config: config.raw,
    metricName: primaryMetric(config)?.name ?? null, metricGoal: primaryMetric(config)?.goal ?? null, pool: config.pool,
    maxConcurrent: config.maxConcurrent, seed, searcherState: initSearcher(config, seed), warmStart, createdBy: v.userId,
  });
  deps.pokeScheduler();
  return getSweep(deps, v, id);
}

const TRANSITIONS: Record<'stop' | 'pause' | 'resume', { from: SweepStatus[]; to: SweepStatus }> = {
  stop: { from: ['PENDING', 'RUNNING', 'PAUSED'], to: 'STOPPED' },
  pause: { from: ['PENDING', 'RUNNING'], to: 'PAUSED' },
  resume: { from: ['PAUSED'], to: 'RUNNING' },
};

/**
 * Stop ends queued trials at once as STOPPED (they never started) and asks agents to end running
 * ones, which end STOPPED too (ingest tells them from the searcher's PRUNED by the sweep's
 * status); pause only stops new trials from being created.
 */
const OPERATIONS = { stop: 'stopSweep', pause: 'pauseSweep', resume: 'resumeSweep' } as const;

export async function changeSweepStatus(deps: ApiDeps, viewer: Viewer | null, id: string, op: 'stop' | 'pause' | 'resume'): Promise<SweepRow> {
  const v = authorizeUser(viewer, OPERATIONS[op]);
  const sweep = await getSweep(deps, v, id);
  requireRole(v, OPERATIONS[op], sweep.organizationId, () => notFound('sweep', id));
  const { from, to } = TRANSITIONS[op];
  await retryingTransaction(deps.ds, async (em) => {
    const sweeps = new SweepStore(em);
    const locked = await sweeps.lockStatus(id);
    if (!locked || !from.includes(locked)) {
      throw new ApiError('CONFLICT', `cannot ${op} a sweep that is ${locked ?? 'gone'} (allowed from ${from.join(', ')})`);
    }
    await sweeps.setStatus(id, to, op === 'stop' ? `stopped by ${v.email}` : null);
    if (op !== 'stop') return;
    const trials = new TrialStore(em);
    const active = await trials.active(id);
    const outbox = new OutboxStore(em);
    const org = deps.names.org(sweep.organizationId);
    for (const t of active) await outbox.enqueue(stopRequest(org, t.id, 'sweep stopped'));
    const queued = active.filter((t) => t.status === 'QUEUED').map((t) => t.id);
    if (queued.length > 0) {
      await trials.stopQueued(queued, 'sweep stopped before the trial started');
      await new EventStore(em).recordForEach(queued, id, 'cancelled', { reason: 'sweep stopped' });
    }
  });
  publishSweepChanged(deps.nc, deps.names, id);
  deps.pokeScheduler();
  return getSweep(deps, v, id);
}
