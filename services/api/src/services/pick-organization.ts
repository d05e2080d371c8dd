import type { Role } from '@anneal/db';
import { readableOrganizations, requireRole, type UserOperation } from '../auth/policy.js';
import type { UserViewer } from '../auth/viewer.js';
import { ApiError, notFound } from '../errors.js';

/**
 * The organization an operation acts in: the one given, else the caller's only one. With
 * several, guessing could write into the wrong team, so the caller must say (`argument` names
 * where, e.g. `input.organizationId`).
 */
export function pickOrganization(viewer: UserViewer, requested: string | null | undefined, argument: string): string {
  if (requested) return requested;
  const orgs = readableOrganizations(viewer);
  if (orgs.length === 1) return orgs[0]!;
  if (orgs.length === 0) throw new ApiError('NOT_FOUND', 'this key acts in no organization: you are not a member of any (any more)');
  throw new ApiError('BAD_USER_INPUT', `you belong to several organizations: give ${argument}`, [
    { path: argument.replace(/^input\./, ''), message: 'required when you belong to more than one organization' },
  ]);
}

/** The organization `op` acts in (named or the caller's only one) and the caller's role there. */
export function actingIn(viewer: UserViewer, op: UserOperation, requested: string | null | undefined, argument: string): { orgId: string; role: Role } {
  const orgId = pickOrganization(viewer, requested, argument);
  return { orgId, role: requireRole(viewer, op, orgId, () => notFound('organization', orgId)) };
}
