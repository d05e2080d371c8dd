import { EventStore, OutboxStore, TrialStore, retryingTransaction } from '@anneal/db';
import { stopRequest } from '@anneal/protocol';
import { authorizeUser, requireRole } from '../auth/policy.js';
import { publishTrialChanged } from '../ingest/live-events.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { getTrial, type TrialRow } from './trials.js';

/**
 * A person stops one trial of a sweep that goes on: a queued one ends at once, a running one
 * gets the stop request its agent acts on (the trainer is signalled, then its checkpoint and
 * telemetry are kept). Either way it ends STOPPED, told apart from early stopping's PRUNED.
 */
export async function stopTrial(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<TrialRow> {
  const v = authorizeUser(viewer, 'stopTrial');
  const trial = await getTrial(deps, v, id);
  requireRole(v, 'stopTrial', trial.organizationId, () => notFound('trial', id));
  await retryingTransaction(deps.ds, async (em) => {
    const requested = await new TrialStore(em).requestStop(id, v.email);
    if (!requested) throw new ApiError('CONFLICT', `trial ${trial.number} is ${trial.status.toLowerCase()}: only queued or running trials can be stopped`);
    const events = new EventStore(em);
    if (requested.stopped === 'queued') {
      await events.record(id, trial.sweepId, 'cancelled', { reason: `stopped by ${v.email}` });
      return;
    }
    await events.record(id, trial.sweepId, 'stop_requested', { by: v.email });
    await new OutboxStore(em).enqueue(stopRequest(deps.names.org(trial.organizationId), id, `stopped by ${v.email}`));
  });
  publishTrialChanged(deps.nc, deps.names, id, trial.sweepId);
  // A queued trial that ended frees a place under max_concurrent.
  deps.pokeScheduler();
  return getTrial(deps, v, id);
}
