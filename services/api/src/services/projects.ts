import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { canRead, requireWrite, type Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
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

export async function listProjects(deps: ApiDeps, viewer: Viewer): Promise<ProjectRow[]> {
  const rows = await deps.ds.query(
    `SELECT id, organization_id, name, created_at FROM project WHERE organization_id = ANY($1::uuid[]) ORDER BY created_at, name`,
    [[...viewer.roles.keys()]],
  );
  return rows.map(toRow);
}

export async function getProject(deps: ApiDeps, viewer: Viewer, id: string): Promise<ProjectRow> {
  const rows = z.string().uuid().safeParse(id).success
    ? await deps.ds.query(`SELECT id, organization_id, name, created_at FROM project WHERE id = $1`, [id])
    : [];
  const row = rows[0] ? toRow(rows[0]) : null;
  if (!row || !canRead(viewer, row.organizationId)) throw notFound('project', id);
  return row;
}

export async function createProject(deps: ApiDeps, viewer: Viewer, input: unknown): Promise<ProjectRow> {
  const { name, organizationId: requested } = parseInput(createProjectInput, input);
  const orgs = [...viewer.roles.keys()];
  const organizationId = requested ?? (orgs.length === 1 ? orgs[0] : undefined);
  if (!organizationId) {
    throw new ApiError('BAD_USER_INPUT', 'you belong to several organizations: give input.organizationId', [
      { path: 'organizationId', message: 'required when you belong to more than one organization' },
    ]);
  }
  if (!canRead(viewer, organizationId)) throw notFound('organization', organizationId);
  requireWrite(viewer, organizationId);
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
