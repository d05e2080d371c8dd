import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorizeUser, readableOrganizations, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { actingIn } from './pick-organization.js';
import { parseInput } from './validate.js';

export interface ProjectRow { id: string; organizationId: string; name: string; createdAt: Date }

const createProjectInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
    .regex(/^[\w][\w .-]*$/, 'may contain letters, digits, spaces, ".", "-" and "_", and must start with a letter or digit'),
  organizationId: z.string().uuid().optional(),
});

const toRow = (r: { id: string; organization_id: string; name: string; created_at: Date }): ProjectRow => ({
  id: r.id, organizationId: r.organization_id, name: r.name, createdAt: r.created_at,
});

export async function listProjects(deps: ApiDeps, viewer: Viewer | null): Promise<ProjectRow[]> {
  const v = authorizeUser(viewer, 'projects');
  const rows = await deps.ds.query(
    `SELECT id, organization_id, name, created_at FROM project WHERE organization_id = ANY($1::uuid[]) ORDER BY created_at, name`,
    [readableOrganizations(v)],
  );
  return rows.map(toRow);
}

export async function getProject(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<ProjectRow> {
  const v = authorizeUser(viewer, 'project');
  const rows = z.string().uuid().safeParse(id).success
    ? await deps.ds.query(`SELECT id, organization_id, name, created_at FROM project WHERE id = $1`, [id])
    : [];
  const row = rows[0] ? toRow(rows[0]) : null;
  if (!row) throw notFound('project', id);
  requireRole(v, 'project', row.organizationId, () => notFound('project', id));
  return row;
}

export async function createProject(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<ProjectRow> {
  const v = authorizeUser(viewer, 'createProject');
  const { name, organizationId: requested } = parseInput(createProjectInput, input);
  const { orgId: organizationId } = actingIn(v, 'createProject', requested, 'input.organizationId');
  const id = randomUUID();
  const rows = await deps.ds.query(
    `INSERT INTO project (id, organization_id, name) VALUES ($1, $2, $3)
     ON CONFLICT (organization_id, name) DO NOTHING
     RETURNING id, organization_id, name, created_at`,
    [id, organizationId, name],
  );
  if (!rows[0]) {
    throw new ApiError('CONFLICT', `a project named '${name}' already exists in this organization`, [
      { path: 'name', message: 'already taken' },
    ]);
  }
  return toRow(rows[0]);
}
