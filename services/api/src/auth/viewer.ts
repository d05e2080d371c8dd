import { WRITE_ROLES, type Role } from '@anneal/db';
import { ApiError } from '../errors.js';

/** Who is asking, and in which organizations with which role. */
export interface Viewer {
  userId: string;
  email: string;
  roles: ReadonlyMap<string, Role>;
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new ApiError('UNAUTHENTICATED', 'missing or invalid API key: send `Authorization: Bearer <api key>`');
  return viewer;
}

export function canRead(viewer: Viewer, organizationId: string): boolean {
  return viewer.roles.has(organizationId);
}

export function requireWrite(viewer: Viewer, organizationId: string): void {
  const role = viewer.roles.get(organizationId);
  if (!role || !WRITE_ROLES.includes(role)) {
    throw new ApiError('FORBIDDEN', `your role (${role ?? 'none'}) in this organization cannot make changes`);
  }
}
