import { MemberStore, OrganizationStore, retryingTransaction, type Role } from '@anneal/db';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorizeUser, readableOrganizations } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { parseInput } from './validate.js';

export interface OrganizationRow { id: string; name: string; role: Role; createdAt: Date }

const createOrganizationInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
    .regex(/^[\w][\w .-]*$/, 'may contain letters, digits, spaces, ".", "-" and "_", and must start with a letter or digit'),
});

/** The caller's organizations with the role this key has in each. */
export async function listOrganizations(deps: ApiDeps, viewer: Viewer | null): Promise<OrganizationRow[]> {
  const v = authorizeUser(viewer, 'organizations');
  const rows = await new OrganizationStore(deps.ds).list(readableOrganizations(v));
  return rows.map((r) => ({ ...r, role: v.roles.get(r.id)! }));
}

/** Any user may start an organization; they become its first owner. Names are unique. */
export async function createOrganization(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<OrganizationRow> {
  const v = authorizeUser(viewer, 'createOrganization');
  const { name } = parseInput(createOrganizationInput, input);
  return retryingTransaction(deps.ds, async (em) => {
    const row = await new OrganizationStore(em).insert(randomUUID(), name);
    if (!row) throw new ApiError('CONFLICT', `an organization named '${name}' already exists`, [{ path: 'name', message: 'already taken' }]);
    await new MemberStore(em).add(row.id, v.userId, 'owner');
    return { id: row.id, name, role: 'owner', createdAt: row.createdAt };
  });
}
