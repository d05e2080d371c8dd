import { ROLES, type Role } from '@anneal/db';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { authorizeUser, requireManage } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { emailSchema } from './email.js';
import { actingIn } from './pick-organization.js';
import { parseInput } from './validate.js';

export interface MemberRow { userId: string; email: string; name: string; role: Role; joinedAt: Date }

const organizationId = z.string().nullish();
const memberInput = z.object({ organizationId, email: emailSchema });
const memberRoleInput = memberInput.extend({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }) });

const SELECT = `SELECT u.id AS user_id, u.email, u.name, m.role, m.created_at
                  FROM membership m JOIN app_user u ON u.id = m.user_id`;
const toRow = (r: { user_id: string; email: string; name: string; role: Role; created_at: Date }): MemberRow => ({
  userId: r.user_id, email: r.email, name: r.name, role: r.role, joinedAt: r.created_at,
});

export async function listMembers(deps: ApiDeps, viewer: Viewer | null, requested: string | null | undefined): Promise<MemberRow[]> {
  const { orgId } = actingIn(authorizeUser(viewer, 'members'), 'members', requested, 'organizationId');
  const rows = await deps.ds.query(
    `${SELECT} WHERE m.organization_id = $1
      ORDER BY array_position(ARRAY['owner', 'admin', 'member', 'viewer'], m.role), u.email`,
    [orgId],
  );
  return rows.map(toRow);
}

/** Adds a person by email, creating their user on first sight; they sign in with a key made for them. */
export async function addMember(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<MemberRow> {
  const v = authorizeUser(viewer, 'addMember');
  const { organizationId: requested, email, role } = parseInput(memberRoleInput, input);
  const { orgId, role: actor } = actingIn(v, 'addMember', requested, 'input.organizationId');
  requireManage(actor, role, 'add an owner');
  return deps.ds.transaction(async (em) => {
    const userId = await findOrCreateUser(em, email);
    const added = await em.query(
      `INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [orgId, userId, role],
    );
    if (!added[0]) {
      throw new ApiError('CONFLICT', `${email} is already a member of this organization; change their role with setMemberRole`, [
        { path: 'email', message: 'already a member' },
      ]);
    }
    const [row] = await em.query(`${SELECT} WHERE m.organization_id = $1 AND m.user_id = $2`, [orgId, userId]);
    return toRow(row);
  });
}

export async function removeMember(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<boolean> {
  const v = authorizeUser(viewer, 'removeMember');
  const { organizationId: requested, email } = parseInput(memberInput, input);
  const { orgId, role: actor } = actingIn(v, 'removeMember', requested, 'input.organizationId');
  return deps.ds.transaction(async (em) => {
    const { target, owners } = await lockMembers(em, orgId, email);
    requireManage(actor, target.role, 'remove an owner');
    if (target.role === 'owner' && owners === 1) {
      throw new ApiError('CONFLICT', `${email} is the last owner of this organization and cannot be removed; make someone else owner first`);
    }
    await em.query(`DELETE FROM membership WHERE organization_id = $1 AND user_id = $2`, [orgId, target.userId]);
    return true;
  });
}

export async function setMemberRole(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<MemberRow> {
  const v = authorizeUser(viewer, 'setMemberRole');
  const { organizationId: requested, email, role } = parseInput(memberRoleInput, input);
  const { orgId, role: actor } = actingIn(v, 'setMemberRole', requested, 'input.organizationId');
  return deps.ds.transaction(async (em) => {
    const { target, owners } = await lockMembers(em, orgId, email);
    requireManage(actor, target.role, "change an owner's role");
    requireManage(actor, role, 'make someone an owner');
    if (target.role === 'owner' && role !== 'owner' && owners === 1) {
      throw new ApiError('CONFLICT', `${email} is the last owner of this organization and cannot be demoted; make someone else owner first`);
    }
    await em.query(`UPDATE membership SET role = $3 WHERE organization_id = $1 AND user_id = $2`, [orgId, target.userId, role]);
    return { ...target, role };
  });
}

/**
 * Locks every membership row of the organization, so two owners demoting each other at once
 * cannot both see "another owner is left".
 */
async function lockMembers(em: EntityManager, orgId: string, email: string): Promise<{ target: MemberRow; owners: number }> {
  const rows: MemberRow[] = (await em.query(`${SELECT} WHERE m.organization_id = $1 ORDER BY m.user_id FOR UPDATE OF m`, [orgId])).map(toRow);
  const target = rows.find((r) => r.email.toLowerCase() === email);
  if (!target) throw new ApiError('NOT_FOUND', `${email} is not a member of this organization`, [{ path: 'email', message: 'not a member' }]);
  return { target, owners: rows.filter((r) => r.role === 'owner').length };
}

async function findOrCreateUser(em: EntityManager, email: string): Promise<string> {
  // Older users may have been inserted with capitals; an exact match wins over a case-folded one.
  const find = async (): Promise<string | undefined> =>
    ((await em.query(`SELECT id FROM app_user WHERE lower(email) = $1 ORDER BY (email = $1) DESC LIMIT 1`, [email])) as Array<{ id: string }>)[0]?.id;
  const existing = await find();
  if (existing) return existing;
  const created: Array<{ id: string }> = await em.query(
    `INSERT INTO app_user (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [randomUUID(), email, email.split('@')[0]],
  );
  return created[0]?.id ?? (await find())!;
}
