import { MAX_CONCURRENT_CEILING } from '@anneal/core';
import { SweepStore, TrialStore, retryingTransaction } from '@anneal/db';
import { publishSweepChanged } from '@anneal/protocol';
import { z } from 'zod';
import { authorizeUser, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { getSweep, type SweepRow } from './sweeps.js';
import { parseInput } from './validate.js';

const input = z.object({
  runCap: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000, 'must be at most 10,000,000').nullish(),
  maxConcurrent: z.number().int('must be a whole number').min(1, 'must be at least 1')
    .max(MAX_CONCURRENT_CEILING, `must be at most ${MAX_CONCURRENT_CEILING}`).nullish(),
});

/**
 * Raises (or lowers) run_cap and max_concurrent of a sweep that has not ended, as a person
 * watching it decides it deserves more trials or more GPUs. A lower max_concurrent lets running
 * trials finish; a run_cap below the trials already created is refused rather than guessed at.
 */
export async function updateSweep(deps: ApiDeps, viewer: Viewer | null, id: string, raw: unknown): Promise<SweepRow> {
  const v = authorizeUser(viewer, 'updateSweep');
  const { runCap, maxConcurrent } = parseInput(input, raw);
  const sweep = await getSweep(deps, v, id);
  requireRole(v, 'updateSweep', sweep.organizationId, () => notFound('sweep', id));
  if (runCap == null && maxConcurrent == null) throw new ApiError('BAD_USER_INPUT', 'nothing to change: give runCap, maxConcurrent or both', [{ path: 'input', message: 'empty' }]);
  await retryingTransaction(deps.ds, async (em) => {
    const status = await new SweepStore(em).lockStatus(id);
    if (!status || !['PENDING', 'RUNNING', 'PAUSED'].includes(status)) {
      throw new ApiError('CONFLICT', `the sweep is ${status?.toLowerCase() ?? 'gone'}: only a pending, running or paused sweep can be changed`);
    }
    if (runCap != null && (await new SweepStore(em).searcherExhausted(id))) {
      throw new ApiError('CONFLICT', 'this sweep has created every trial it will (its run_cap was reached, its grid is done or its target met); start a new sweep with warm_start to go on from its results', [
        { path: 'runCap', message: 'the search is over' },
      ]);
    }
    if (runCap != null) {
      const created = await new TrialStore(em).count(id);
      if (runCap < created) {
        throw new ApiError('BAD_USER_INPUT', `runCap ${runCap} is below the ${created} trials already created`, [{ path: 'runCap', message: `must be at least ${created}` }]);
      }
    }
    await new SweepStore(em).setLimits(id, { ...(runCap != null ? { runCap } : {}), ...(maxConcurrent != null ? { maxConcurrent } : {}) });
  });
  publishSweepChanged(deps.nc, deps.names, id);
  deps.pokeScheduler();
  return getSweep(deps, v, id);
}
