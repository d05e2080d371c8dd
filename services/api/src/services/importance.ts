import { parameterImportance, parseSweepConfig } from '@anneal/core';
import { TrialStore } from '@anneal/db';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import type { ApiDeps } from '../deps.js';
import type { SweepRow } from './sweeps.js';

type Shares = Array<{ name: string; importance: number }>;

/** Fits are reused while no trial completes: live pages re-read the sweep on every change. */
const cache = new Map<string, { completed: number; shares: Shares }>();
const CACHE_SIZE = 200;
/** The GP fit costs O(n^3) per step; the latest 150 results say as much about importance. */
const MAX_TRIALS = 150;

/**
 * Each parameter's share of the objective's variance over the sweep's completed trials (see
 * core's parameterImportance), refitted only when another trial has completed. The sweep was
 * authorized by whoever resolved it.
 */
export async function importanceOf(deps: ApiDeps, sweep: Pick<SweepRow, 'id' | 'configText'>): Promise<Shares> {
  const trials = new TrialStore(deps.ds);
  // A count is enough to know nothing completed since the last fit; the results are read only to refit.
  const completed = (await trials.countsByStatus([sweep.id])).find((c) => c.status === 'COMPLETED')?.n ?? 0;
  const hit = cache.get(sweep.id);
  if (hit && hit.completed === completed) return hit.shares;
  const results = await trials.completedResults(sweep.id);
  const parsed = parseSweepConfig(sweep.configText, { trainers: SWEEP_TRAINERS, stored: true });
  // Shares of variance do not depend on the goal's direction, so values go in as reported.
  const shares = parsed.ok ? parameterImportance(parsed.config.space, results, { maxTrials: MAX_TRIALS }) : [];
  cache.delete(sweep.id);
  cache.set(sweep.id, { completed, shares });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return shares;
}
