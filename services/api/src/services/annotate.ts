import { SweepStore, TrialStore } from '@anneal/db';
import { z } from 'zod';
import { authorizeUser, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { getSweep, type SweepRow } from './sweeps.js';
import { getTrial, type TrialRow } from './trials.js';
import { parseInput } from './validate.js';

/** Tags are short labels people filter by: no spaces or commas, so a list reads and parses back. */
const tag = z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters')
  .regex(/^[\p{L}\p{N}._:/+-]+$/u, 'may hold letters, digits and . _ : / + - only');
const annotation = z.object({
  notes: z.string().max(10_000, 'must be at most 10,000 characters').nullish(),
  tags: z.array(tag).max(20, 'at most 20 tags').nullish(),
});

function parse(input: unknown): { notes?: string; tags?: string[] } {
  const { notes, tags } = parseInput(annotation, input);
  if (notes == null && tags == null) throw new ApiError('BAD_USER_INPUT', 'nothing to change: give notes, tags or both', [{ path: 'input', message: 'empty' }]);
  return { ...(notes != null ? { notes } : {}), ...(tags != null ? { tags: [...new Set(tags)] } : {}) };
}

/** Notes and tags on a sweep; members and above. */
export async function annotateSweep(deps: ApiDeps, viewer: Viewer | null, id: string, input: unknown): Promise<SweepRow> {
  const v = authorizeUser(viewer, 'annotateSweep');
  const sweep = await getSweep(deps, v, id);
  requireRole(v, 'annotateSweep', sweep.organizationId, () => notFound('sweep', id));
  await new SweepStore(deps.ds).annotate(id, parse(input));
  return getSweep(deps, v, id);
}

/** Notes and tags on a trial; members and above. */
export async function annotateTrial(deps: ApiDeps, viewer: Viewer | null, id: string, input: unknown): Promise<TrialRow> {
  const v = authorizeUser(viewer, 'annotateTrial');
  const trial = await getTrial(deps, v, id);
  requireRole(v, 'annotateTrial', trial.organizationId, () => notFound('trial', id));
  await new TrialStore(deps.ds).annotate(id, parse(input));
  return getTrial(deps, v, id);
}
