// What the web shows each role. The API decides (and refuses) on its own; these only keep
// buttons a person cannot use off their page.

export type RoleName = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';

const RANK: Record<RoleName, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** Lowest first, as role pickers list them. */
export const ROLE_NAMES: readonly RoleName[] = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];

export function atLeast(role: RoleName, min: RoleName): boolean {
  return RANK[role] >= RANK[min];
}

/** Admins and owners manage members; only owners touch owners. */
export function canManageMember(actor: RoleName, target: RoleName): boolean {
  return atLeast(actor, 'ADMIN') && (target !== 'OWNER' || actor === 'OWNER');
}

/** Roles `actor` may give a member: up to admin, and owner only by owners. */
export function grantableRoles(actor: RoleName): RoleName[] {
  return ROLE_NAMES.filter((r) => atLeast(actor, 'ADMIN') && (r !== 'OWNER' || actor === 'OWNER'));
}

/** Roles a new key may have: at most the creator's own, plus agent tokens for admins and owners. */
export function keyRoles(actor: RoleName): Array<RoleName | 'AGENT'> {
  if (!atLeast(actor, 'MEMBER')) return [];
  const roles: Array<RoleName | 'AGENT'> = ROLE_NAMES.filter((r) => atLeast(actor, r));
  return atLeast(actor, 'ADMIN') ? [...roles, 'AGENT'] : roles;
}

/** Your own keys always (unless you only view); anyone's when you are admin or above. */
export function canRevokeKey(actor: RoleName, own: boolean): boolean {
  return atLeast(actor, 'ADMIN') || (own && atLeast(actor, 'MEMBER'));
}
