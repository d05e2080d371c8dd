import type { SearcherState } from '@anneal/core';
import type { MetricStore, TrialStore } from '@anneal/db';

/**
 * Completed trials without a single value of the sweep's metric after which the sweep ends
 * FAILED. A trainer that reports under another name (or not at all) would otherwise have the
 * searcher propose blind for ever: a sweep without run_cap ran 690 such trials in two minutes.
 * Five lets a few trials crash or be cut short first, and costs little when the name is wrong.
 */
export const SILENT_TRIALS = 5;

/** How many reported keys the reason lists, so a typo in the metric's name shows next to it. */
const KEYS_SHOWN = 8;

/**
 * Why the sweep should end now, or null: `SILENT_TRIALS` trials completed and no trial has ever
 * had a value of `metric`. The reason names the metric and what the trainers did report.
 */
export async function silentMetricReason(
  db: { trials: TrialStore; metrics: MetricStore }, sweepId: string, metric: string, state: SearcherState,
): Promise<string | null> {
  // The searcher's state settles the common case without a query on every tick: a value told,
  // or fewer than SILENT_TRIALS trials told completed. Only a suspect sweep asks the database,
  // which also counts values of trials that failed.
  const told = Object.values(state.trials);
  if (told.some((t) => t.value !== undefined) || told.filter((t) => t.status === 'completed').length < SILENT_TRIALS) return null;
  const { completed, valued } = await db.trials.completedAndValued(sweepId);
  if (valued > 0 || completed < SILENT_TRIALS) return null;
  const keys = await db.metrics.keysOfSweep(sweepId, KEYS_SHOWN + 1);
  const reported = keys.length === 0
    ? 'they reported no metric at all: a trainer prints lines such as @anneal {"step": 0, "' + metric + '": 0.5} or calls anneal.report(...)'
    : `they reported ${keys.slice(0, KEYS_SHOWN).join(', ')}${keys.length > KEYS_SHOWN ? ', …' : ''}`;
  return `${completed} trials completed without reporting ${metric}, the sweep's metric; ${reported}. Fix the metric's name in the config or what the trainer reports, and start the sweep again`;
}
