import { ROLES, type Role } from '@anneal/db';

/** Higher is more: viewer < member < admin < owner (ROLES lists them from the top). */
export function rank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

export function atLeast(role: Role, min: Role): boolean {
  return rank(role) >= rank(min);
}

export function lesserRole(a: Role, b: Role): Role {
  return rank(a) <= rank(b) ? a : b;
}
