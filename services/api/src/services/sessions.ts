import { InviteStore, MemberStore, SessionStore, UserStore, type Queryable } from '@anneal/db';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { generateToken, parseToken, secretMatches } from '../auth/api-keys.js';
import { burnPasswordCheck, hashPassword, passwordMatches } from '../auth/passwords.js';
import { authorizeUser, requireManage } from '../auth/policy.js';
import { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { emailSchema } from './email.js';
import { actingIn } from './pick-organization.js';
import { parseInput } from './validate.js';

/** Sessions end after two weeks whatever happens; the web's cookie lives as long. */
export const SESSION_TTL_MS = 14 * 24 * 3600_000;
/** An invite link is for handing over soon, not for keeping. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(256, 'must be at most 256 characters');
const signInInput = z.object({ email: emailSchema, password: z.string().max(256, 'must be at most 256 characters') });
const inviteInput = z.object({ organizationId: z.string().nullish(), email: emailSchema });
const acceptInput = z.object({ token: z.string(), password: passwordSchema, name: z.string().trim().min(1).max(100).nullish() });
const changeInput = z.object({ currentPassword: z.string().max(256).nullish(), newPassword: passwordSchema });

export interface OpenedSession { token: string; expiresAt: Date; email: string }
export interface CreatedInvite { token: string; email: string; expiresAt: Date }

const WRONG = 'wrong email or password';
const throttles = new WeakMap<DataSource, SignInThrottle>();
const throttleOf = (ds: DataSource): SignInThrottle => {
  let t = throttles.get(ds);
  if (!t) throttles.set(ds, (t = new SignInThrottle()));
  return t;
};

async function openSession(db: Queryable, userId: string, email: string): Promise<OpenedSession> {
  const token = generateToken('ans');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await new SessionStore(db).insert({ id: randomUUID(), userId, prefix: token.prefix, secretHash: token.secretHash, expiresAt });
  return { token: token.key, expiresAt, email };
}

/** Email and password for a session token; an unknown email and a wrong password read the same. */
export async function signIn(deps: ApiDeps, input: unknown): Promise<OpenedSession> {
  const { email, password } = parseInput(signInInput, input);
  const throttle = throttleOf(deps.ds);
  const wait = throttle.retryAfterMs(email);
  if (wait > 0) throw new ApiError('TOO_MANY_ATTEMPTS', `too many wrong passwords for ${email}; try again in ${Math.ceil(wait / 60_000)} min`);
  const user = await new UserStore(deps.ds).passwordByEmail(email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    throttle.recordFailure(email);
    throw new ApiError('UNAUTHENTICATED', WRONG);
  }
  if (!(await passwordMatches(password, user.passwordHash))) {
    throttle.recordFailure(email);
    throw new ApiError('UNAUTHENTICATED', WRONG);
  }
  throttle.recordSuccess(email);
  return openSession(deps.ds, user.id, email);
}

/** Ends the session the request came with; false when it came with an API key (revoke keys instead). */
export async function signOut(deps: ApiDeps, viewer: Viewer | null): Promise<boolean> {
  const v = authorizeUser(viewer, 'signOut');
  if (v.via !== 'session') return false;
  await new SessionStore(deps.ds).revoke(v.keyId);
  return true;
}

export interface Me { email: string; name: string; signedInWith: 'key' | 'session'; hasPassword: boolean }

export async function me(deps: ApiDeps, viewer: Viewer | null): Promise<Me> {
  const v = authorizeUser(viewer, 'me');
  const users = new UserStore(deps.ds);
  const profile = await users.profile(v.userId);
  return { email: profile?.email ?? v.email, name: profile?.name ?? v.email, signedInWith: v.via, hasPassword: await users.hasPassword(v.userId) };
}

/**
 * A one-time link for a member to set their password. Whoever holds the link becomes that
 * person, so it is refused where it would reach further than the inviter's own authority: for
 * people who have a password already, and for people who also belong to other organizations
 * (they set a password themselves with changePassword, signed in with their own key).
 */
export async function createInvite(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<CreatedInvite> {
  const v = authorizeUser(viewer, 'createInvite');
  const { organizationId: requested, email } = parseInput(inviteInput, input);
  const { orgId, role: actor } = actingIn(v, 'createInvite', requested, 'input.organizationId');
  return deps.ds.transaction(async (em) => {
    const target = await new MemberStore(em).byEmail(orgId, email);
    if (!target) throw new ApiError('NOT_FOUND', `${email} is not a member of this organization; add them first (addMember)`, [{ path: 'email', message: 'not a member' }]);
    requireManage(actor, target.role, 'invite an owner');
    if (await new UserStore(em).hasPassword(target.userId)) {
      throw new ApiError('CONFLICT', `${email} has a password already and signs in with it; only they can change it (changePassword)`);
    }
    if ((await new MemberStore(em).organizationsOf(target.userId)) > 1) {
      throw new ApiError('CONFLICT', `${email} also belongs to other organizations, so an invite from this one cannot set their password; they set it themselves with changePassword, signed in with their API key`);
    }
    const invites = new InviteStore(em);
    await invites.retireUnused(target.userId);
    const token = generateToken('ani');
    const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
    await invites.insert({ id: randomUUID(), organizationId: orgId, userId: target.userId, prefix: token.prefix, secretHash: token.secretHash, createdBy: v.userId, expiresAt });
    return { token: token.key, email: target.email, expiresAt };
  });
}

const INVALID_INVITE = 'this invite link is not valid: it was used, replaced by a newer one, expired or mistyped; ask an admin for a new one';

/** Sets the invited person's password (and name, if given) and signs them in. */
export async function acceptInvite(deps: ApiDeps, input: unknown): Promise<OpenedSession> {
  const { token, password, name } = parseInput(acceptInput, input);
  const parsed = parseToken(token);
  if (parsed?.scheme !== 'ani') throw new ApiError('BAD_USER_INPUT', INVALID_INVITE, [{ path: 'token', message: 'not an invite token' }]);
  const passwordHash = await hashPassword(password);
  return deps.ds.transaction(async (em) => {
    const found = await new InviteStore(em).lockByPrefix(parsed.prefix);
    if (!found || !secretMatches(parsed.secret, found.secretHash) || found.invite.usedAt || found.invite.expiresAt.getTime() <= Date.now()) {
      throw new ApiError('BAD_USER_INPUT', INVALID_INVITE, [{ path: 'token', message: 'not a live invite' }]);
    }
    const { invite } = found;
    const users = new UserStore(em);
    // Whatever changed since the invite was made (removed from the organization, a password set
    // meanwhile) makes it void rather than letting the link reach further than it did.
    if (!(await new MemberStore(em).get(invite.organizationId, invite.userId)) || (await users.hasPassword(invite.userId))) {
      throw new ApiError('BAD_USER_INPUT', INVALID_INVITE, [{ path: 'token', message: 'no longer applies' }]);
    }
    await users.setPassword(invite.userId, passwordHash, name ?? null);
    await new InviteStore(em).markUsed(invite.id);
    return openSession(em, invite.userId, invite.email);
  });
}

/** The signed-in person sets a new password; with one already set, the current one is needed. Their other sessions end. */
export async function changePassword(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<boolean> {
  const v = authorizeUser(viewer, 'changePassword');
  const { currentPassword, newPassword } = parseInput(changeInput, input);
  if (v.scope !== null) throw new ApiError('FORBIDDEN', 'a key limited to one organization cannot change its person\'s password: use a personal key or a session');
  const users = new UserStore(deps.ds);
  const stored = (await users.passwordByEmail(v.email))?.passwordHash ?? null;
  if (stored && !(currentPassword && (await passwordMatches(currentPassword, stored)))) {
    throw new ApiError('BAD_USER_INPUT', 'the current password is wrong', [{ path: 'currentPassword', message: 'wrong password' }]);
  }
  const hash = await hashPassword(newPassword);
  await deps.ds.transaction(async (em) => {
    await new UserStore(em).setPassword(v.userId, hash, null);
    await new SessionStore(em).revokeAllOf(v.userId, v.via === 'session' ? v.keyId : null);
    await new InviteStore(em).retireUnused(v.userId);
  });
  return true;
}
