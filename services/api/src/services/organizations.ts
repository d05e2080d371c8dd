import type { Role } from '@anneal/db';
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
  const rows: Array<{ id: string; name: string; created_at: Date }> = await deps.ds.query(
    `SELECT id, name, created_at FROM organization WHERE id = ANY($1::uuid[]) ORDER BY name`,
    [readableOrganizations(v)],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, role: v.roles.get(r.id)!, createdAt: r.created_at }));
}

/** Any user may start an organization; they become its first owner. Names are unique. */
export async function createOrganization(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<OrganizationRow> {
  const v = authorizeUser(viewer, 'createOrganization');
  const { name } = parseInput(createOrganizationInput, input);
  return deps.ds.transaction(async (em) => {
    const rows: Array<{ id: string; created_at: Date }> = await em.query(
      `INSERT INTO organization (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, created_at`,
      [randomUUID(), name],
    );
    const row = rows[0];
    if (!row) throw new ApiError('CONFLICT', `an organization named '${name}' already exists`, [{ path: 'name', message: 'already taken' }]);
    await em.query(`INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [row.id, v.userId]);
    return { id: row.id, name, role: 'owner', createdAt: row.created_at };
  });
}
