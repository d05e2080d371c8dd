import type { TrialStatus } from '@anneal/db';
import { z } from 'zod';
import { authorizeUser, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';

export interface TrialRow {
  id: string; sweepId: string; organizationId: string; number: number; status: TrialStatus;
  params: Record<string, unknown>; objective: number | null; attempt: number; agentId: string | null;
  error: string | null; logTail: string | null; parentTrialId: string | null; restoreStep: number | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
}

const COLUMNS = `t.id, t.sweep_id, p.organization_id, t.number, t.status, t.params, t.objective, t.attempt, t.agent_id,
                 t.error, t.log_tail, t.parent_trial_id, t.restore_step, t.created_at, t.started_at, t.finished_at`;
const FROM = `FROM trial t JOIN sweep s ON s.id = t.sweep_id JOIN project p ON p.id = s.project_id`;

export const toTrialRow = (r: Record<string, unknown>): TrialRow => ({
  id: r.id as string, sweepId: r.sweep_id as string, organizationId: r.organization_id as string,
  number: r.number as number, status: r.status as TrialStatus, params: r.params as Record<string, unknown>,
  objective: r.objective as number | null, attempt: r.attempt as number, agentId: r.agent_id as string | null,
  error: r.error as string | null, logTail: r.log_tail as string | null, parentTrialId: r.parent_trial_id as string | null,
  restoreStep: r.restore_step as number | null, createdAt: r.created_at as Date, startedAt: r.started_at as Date | null,
  finishedAt: r.finished_at as Date | null,
});

export async function getTrial(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<TrialRow> {
  const v = authorizeUser(viewer, 'trial');
  const rows = z.string().uuid().safeParse(id).success ? await deps.ds.query(`SELECT ${COLUMNS} ${FROM} WHERE t.id = $1`, [id]) : [];
  const row = rows[0] ? toTrialRow(rows[0]) : null;
  if (!row) throw notFound('trial', id);
  requireRole(v, 'trial', row.organizationId, () => notFound('trial', id));
  return row;
}

export type TrialOrder = 'OBJECTIVE' | 'NUMBER';
export interface TrialPage { rows: TrialRow[]; offset: number; hasNextPage: boolean; totalCount: number }

export const MAX_PAGE = 1000;

/** Cursors are opaque to clients; today they hold an offset into a stable order. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new ApiError('BAD_USER_INPUT', `'after' is not a cursor this API issued: ${cursor.slice(0, 40)}`);
  return Number(m[1]) + 1;
}

/**
 * The leaderboard. OBJECTIVE puts the best first for the metric's goal; trials without an
 * objective yet go last, and ties break by trial number so pages never overlap.
 */
export async function listTrials(
  deps: ApiDeps, sweepId: string, goal: 'minimize' | 'maximize' | null,
  opts: { first: number; after?: string | null; orderBy: TrialOrder },
): Promise<TrialPage> {
  if (!Number.isInteger(opts.first) || opts.first < 0 || opts.first > MAX_PAGE) {
    throw new ApiError('BAD_USER_INPUT', `'first' must be an integer from 0 to ${MAX_PAGE}`);
  }
  const offset = opts.after ? decodeCursor(opts.after) : 0;
  const order = opts.orderBy === 'OBJECTIVE'
    ? `t.objective ${goal === 'maximize' ? 'DESC' : 'ASC'} NULLS LAST, t.number`
    : 't.number';
  const [rows, count] = await Promise.all([
    deps.ds.query(`SELECT ${COLUMNS} ${FROM} WHERE t.sweep_id = $1 ORDER BY ${order} LIMIT $2 OFFSET $3`, [sweepId, opts.first + 1, offset]),
    deps.ds.query(`SELECT count(*)::int AS n FROM trial WHERE sweep_id = $1`, [sweepId]),
  ]);
  return {
    rows: rows.slice(0, opts.first).map(toTrialRow),
    offset,
    hasNextPage: rows.length > opts.first,
    totalCount: count[0].n as number,
  };
}
