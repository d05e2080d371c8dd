import { ProjectStore, type Project } from '@anneal/db';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorizeUser, readableOrganizations, requireRole } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { actingIn } from './pick-organization.js';
import { parseInput } from './validate.js';

export type ProjectRow = Project;

const createProjectInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
    .regex(/^[\w][\w .-]*$/, 'may contain letters, digits, spaces, ".", "-" and "_", and must start with a letter or digit'),
  organizationId: z.string().uuid().optional(),
});

export async function listProjects(deps: ApiDeps, viewer: Viewer | null): Promise<ProjectRow[]> {
  const v = authorizeUser(viewer, 'projects');
  return new ProjectStore(deps.ds).listOfOrganizations(readableOrganizations(v));
}

export async function getProject(deps: ApiDeps, viewer: Viewer | null, id: string): Promise<ProjectRow> {
  const v = authorizeUser(viewer, 'project');
  const row = z.string().uuid().safeParse(id).success ? await new ProjectStore(deps.ds).get(id) : null;
  if (!row) throw notFound('project', id);
  requireRole(v, 'project', row.organizationId, () => notFound('project', id));
  return row;
}

export async function createProject(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<ProjectRow> {
  const v = authorizeUser(viewer, 'createProject');
  const { name, organizationId: requested } = parseInput(createProjectInput, input);
  const { orgId: organizationId } = actingIn(v, 'createProject', requested, 'input.organizationId');
  const row = await new ProjectStore(deps.ds).insert({ id: randomUUID(), organizationId, name });
  if (!row) {
    throw new ApiError('CONFLICT', `a project named '${name}' already exists in this organization`, [
      { path: 'name', message: 'already taken' },
    ]);
  }
  return row;
}
