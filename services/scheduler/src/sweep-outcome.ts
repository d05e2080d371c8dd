import type { TrialCount, TrialFailure, TrialStore } from '@anneal/db';

/** How many distinct trial errors a FAILED sweep's reason quotes. */
export const REASON_ERRORS = 3;
/** Each quoted error is cut to this many characters (a trainer's error may be 16 KiB). */
export const REASON_ERROR_CHARS = 300;

export interface SweepOutcome { status: 'COMPLETED' | 'FAILED'; reason: string | null }

/**
 * How a sweep whose searcher has nothing left (and no trial active) ends. It ends FAILED when
 * at least one trial FAILED and none produced a result: no trial COMPLETED and none was PRUNED
 * (a pruned trial ran and reported until the searcher cut it). Otherwise it ends COMPLETED,
 * failures or not; a sweep with no trials at all is COMPLETED too. The reason of a FAILED sweep
 * names how many trials failed and quotes the last distinct errors, newest first.
 */
export function decideOutcome(counts: readonly Pick<TrialCount, 'status' | 'n'>[], lastFailures: readonly TrialFailure[]): SweepOutcome {
  const n = (status: TrialCount['status']): number => counts.filter((c) => c.status === status).reduce((a, c) => a + c.n, 0);
  const failed = n('FAILED');
  if (failed === 0 || n('COMPLETED') > 0 || n('PRUNED') > 0) return { status: 'COMPLETED', reason: null };
  const all = counts.reduce((a, c) => a + c.n, 0);
  const head = failed === 1 && all === 1 ? 'its only trial failed'
    : failed === all ? `all ${failed} trials failed` : `${failed} of ${all} trials failed and none completed`;
  if (lastFailures.length === 0) return { status: 'FAILED', reason: head };
  const quoted = lastFailures.slice(0, REASON_ERRORS).map((f) => `trial ${f.number}: ${clip(f.error)}`);
  return { status: 'FAILED', reason: `${head}; last errors: ${quoted.join(' | ')}` };
}

/** Reads what `decideOutcome` needs for one sweep, on the caller's transaction. */
export async function sweepOutcome(trials: TrialStore, sweepId: string): Promise<SweepOutcome> {
  const counts = await trials.countsByStatus([sweepId]);
  return decideOutcome(counts, await trials.lastFailures(sweepId, REASON_ERRORS));
}

function clip(error: string): string {
  const oneLine = error.replace(/\s+/g, ' ').trim();
  return oneLine.length <= REASON_ERROR_CHARS ? oneLine : `${oneLine.slice(0, REASON_ERROR_CHARS - 1)}…`;
}
