import { EventStore, TrialLogStore, TrialStore, type Trial, type TrialEvent, type TrialOrder } from '@anneal/db';
import { z } from 'zod';
import { authorizeUser, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { paretoPage } from './pareto.js';

export type TrialRow = Trial;
export type { TrialOrder };

export async function getTrial(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<TrialRow> {
  const v = authorizeUser(viewer, 'trial');
  const row = z.string().uuid().safeParse(id).success ? await new TrialStore(deps.ds).get(id) : null;
  if (!row) throw notFound('trial', id);
  requireRole(v, 'trial', row.organizationId, () => notFound('trial', id));
  return row;
}

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
  opts: { first: number; after?: string | null; orderBy: TrialOrder | 'PARETO'; paretoRanked?: (() => Promise<readonly Trial[]>) | null },
): Promise<TrialPage> {
  if (!Number.isInteger(opts.first) || opts.first < 0 || opts.first > MAX_PAGE) {
    throw new ApiError('BAD_USER_INPUT', `'first' must be an integer from 0 to ${MAX_PAGE}`);
  }
  const offset = opts.after ? decodeCursor(opts.after) : 0;
  const trials = new TrialStore(deps.ds);
  const [rows, totalCount] = await Promise.all([
    // PARETO on a single-objective sweep is OBJECTIVE: one objective's Pareto order is its best-first order.
    opts.orderBy === 'PARETO' && opts.paretoRanked
      ? opts.paretoRanked().then((ranked) => paretoPage(deps, sweepId, ranked, opts.first + 1, offset))
      : trials.page(sweepId, { goal, orderBy: opts.orderBy === 'PARETO' ? 'OBJECTIVE' : opts.orderBy, limit: opts.first + 1, offset }),
    trials.count(sweepId),
  ]);
  return { rows: rows.slice(0, opts.first), offset, hasNextPage: rows.length > opts.first, totalCount };
}

/** A sweep's early-stopping and PBT decisions with their evidence, newest first. */
export async function listDecisions(deps: ApiDeps, sweepId: string, first: number): Promise<TrialEvent[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw new ApiError('BAD_USER_INPUT', `'first' must be an integer from 1 to ${MAX_PAGE}`);
  return new EventStore(deps.ds).decisions(sweepId, first);
}

/** The trial's output lines (not metric reports), oldest first; `last` keeps the tail. */
export async function trialLogTail(deps: ApiDeps, trialId: string, last: number): Promise<string[]> {
  if (!Number.isInteger(last) || last < 1 || last > 10_000) throw new ApiError('BAD_USER_INPUT', "'last' must be an integer from 1 to 10000");
  return new TrialLogStore(deps.ds).tail(trialId, last);
}
