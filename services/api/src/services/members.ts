import { MemberStore, ROLES, UserStore, retryingTransaction, type Member, type Queryable } from '@anneal/db';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorizeUser, requireManage } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { emailSchema } from './email.js';
import { actingIn } from './pick-organization.js';
import { parseInput } from './validate.js';

export type MemberRow = Member;

const organizationId = z.string().nullish();
const memberInput = z.object({ organizationId, email: emailSchema });
const memberRoleInput = memberInput.extend({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }) });

export async function listMembers(deps: ApiDeps, viewer: Viewer | null, requested: string | null | undefined): Promise<MemberRow[]> {
  const { orgId } = actingIn(authorizeUser(viewer, 'members'), 'members', requested, 'organizationId');
  return new MemberStore(deps.ds).list(orgId);
}

/** Adds a person by email, creating their user on first sight; they sign in with a key made for them. */
export async function addMember(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<MemberRow> {
  const v = authorizeUser(viewer, 'addMember');
  const { organizationId: requested, email, role } = parseInput(memberRoleInput, input);
  const { orgId, role: actor } = actingIn(v, 'addMember', requested, 'input.organizationId');
  requireManage(actor, role, 'add an owner');
  return retryingTransaction(deps.ds, async (em) => {
    const userId = await findOrCreateUser(em, email);
    const members = new MemberStore(em);
    if (!(await members.add(orgId, userId, role))) {
      throw new ApiError('CONFLICT', `${email} is already a member of this organization; change their role with setMemberRole`, [
        { path: 'email', message: 'already a member' },
      ]);
    }
    return (await members.get(orgId, userId))!;
  });
}

export async function removeMember(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<boolean> {
  const v = authorizeUser(viewer, 'removeMember');
  const { organizationId: requested, email } = parseInput(memberInput, input);
  const { orgId, role: actor } = actingIn(v, 'removeMember', requested, 'input.organizationId');
  return retryingTransaction(deps.ds, async (em) => {
    const { target, owners } = await lockMembers(em, orgId, email);
    requireManage(actor, target.role, 'remove an owner');
    if (target.role === 'owner' && owners === 1) {
      throw new ApiError('CONFLICT', `${email} is the last owner of this organization and cannot be removed; make someone else owner first`);
    }
    await new MemberStore(em).remove(orgId, target.userId);
    return true;
  });
}

export async function setMemberRole(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<MemberRow> {
  const v = authorizeUser(viewer, 'setMemberRole');
  const { organizationId: requested, email, role } = parseInput(memberRoleInput, input);
  const { orgId, role: actor } = actingIn(v, 'setMemberRole', requested, 'input.organizationId');
  return retryingTransaction(deps.ds, async (em) => {
    const { target, owners } = await lockMembers(em, orgId, email);
    requireManage(actor, target.role, "change an owner's role");
    requireManage(actor, role, 'make someone an owner');
    if (target.role === 'owner' && role !== 'owner' && owners === 1) {
      throw new ApiError('CONFLICT', `${email} is the last owner of this organization and cannot be demoted; make someone else owner first`);
    }
    await new MemberStore(em).setRole(orgId, target.userId, role);
    return { ...target, role };
  });
}

/**
 * Locks every membership row of the organization, so two owners demoting each other at once
 * cannot both see "another owner is left".
 */
async function lockMembers(em: Queryable, orgId: string, email: string): Promise<{ target: MemberRow; owners: number }> {
  const rows = await new MemberStore(em).lockAll(orgId);
  const target = rows.find((r) => r.email.toLowerCase() === email);
  if (!target) throw new ApiError('NOT_FOUND', `${email} is not a member of this organization`, [{ path: 'email', message: 'not a member' }]);
  return { target, owners: rows.filter((r) => r.role === 'owner').length };
}

async function findOrCreateUser(em: Queryable, email: string): Promise<string> {
  const users = new UserStore(em);
  return (await users.idByEmail(email)) ?? (await users.insert(randomUUID(), email, email.split('@')[0]!)) ?? (await users.idByEmail(email))!;
}
