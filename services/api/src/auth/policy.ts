import type { Role } from '@anneal/db';
import { ApiError } from '../errors.js';
import { atLeast } from './roles.js';
import { requireViewer, type AgentViewer, type UserViewer, type Viewer } from './viewer.js';

/**
 * Who may call each GraphQL operation (every Query, Mutation and Subscription field).
 * - `open`: no key needed.
 * - `agents`: agent tokens may call it. User keys may too (subject to `minRole`), except where
 *   the resolver takes `authorizeAgent`: agentConfig, which mints NATS credentials.
 * - `minRole`: the least role the caller needs in the organization concerned; null when no
 *   organization is concerned (what is returned is limited to the caller's own organizations).
 * - `doing`: words for error messages ("… cannot <doing>").
 * Rules finer than a role (owners only manage owners, key ceilings, own keys) are below.
 */
export const POLICY = {
  health: { open: true, agents: true, minRole: null, doing: 'check health' },
  agentConfig: { open: false, agents: true, minRole: null, doing: 'fetch agent config' }, // agent tokens only: authorizeAgent
  projects: { open: false, agents: false, minRole: 'viewer', doing: 'list projects' },
  project: { open: false, agents: false, minRole: 'viewer', doing: 'read projects' },
  sweep: { open: false, agents: false, minRole: 'viewer', doing: 'read sweeps' },
  trial: { open: false, agents: false, minRole: 'viewer', doing: 'read trials' },
  agents: { open: false, agents: false, minRole: 'viewer', doing: 'list agents' },
  organizations: { open: false, agents: false, minRole: null, doing: 'list organizations' },
  members: { open: false, agents: false, minRole: 'viewer', doing: 'list members' },
  apiKeys: { open: false, agents: false, minRole: 'viewer', doing: 'list API keys' },
  trialUpdated: { open: false, agents: false, minRole: 'viewer', doing: 'follow trials' },
  sweepUpdated: { open: false, agents: false, minRole: 'viewer', doing: 'follow sweeps' },
  metricPoints: { open: false, agents: false, minRole: 'viewer', doing: 'follow metrics' },
  createProject: { open: false, agents: false, minRole: 'member', doing: 'create projects' },
  createSweep: { open: false, agents: false, minRole: 'member', doing: 'create sweeps' },
  validateSweepConfig: { open: false, agents: false, minRole: null, doing: 'check sweep configs' },
  stopSweep: { open: false, agents: false, minRole: 'member', doing: 'stop sweeps' },
  stopTrial: { open: false, agents: false, minRole: 'member', doing: 'stop trials' },
  updateSweep: { open: false, agents: false, minRole: 'member', doing: 'change sweeps' },
  annotateSweep: { open: false, agents: false, minRole: 'member', doing: 'write notes and tags' },
  annotateTrial: { open: false, agents: false, minRole: 'member', doing: 'write notes and tags' },
  pauseSweep: { open: false, agents: false, minRole: 'member', doing: 'pause sweeps' },
  resumeSweep: { open: false, agents: false, minRole: 'member', doing: 'resume sweeps' },
  signIn: { open: true, agents: false, minRole: null, doing: 'sign in' },
  acceptInvite: { open: true, agents: false, minRole: null, doing: 'accept invites' },
  me: { open: false, agents: false, minRole: null, doing: 'read who you are' },
  signOut: { open: false, agents: false, minRole: null, doing: 'sign out' },
  changePassword: { open: false, agents: false, minRole: null, doing: 'change passwords' },
  createInvite: { open: false, agents: false, minRole: 'admin', doing: 'invite members' },
  createOrganization: { open: false, agents: false, minRole: null, doing: 'create organizations' },
  addMember: { open: false, agents: false, minRole: 'admin', doing: 'add members' },
  removeMember: { open: false, agents: false, minRole: 'admin', doing: 'remove members' },
  setMemberRole: { open: false, agents: false, minRole: 'admin', doing: "change members' roles" },
  createApiKey: { open: false, agents: false, minRole: 'member', doing: 'create API keys' },
  // Anyone may revoke their own keys (a leaked key must be stoppable by whoever holds it), so
  // the role is only checked for other people's keys: see requireRevoke.
  revokeApiKey: { open: false, agents: false, minRole: 'admin', doing: "revoke other people's API keys" },
} as const satisfies Record<string, { open: boolean; agents: boolean; minRole: Role | null; doing: string }>;

export type Operation = keyof typeof POLICY;
/** Operations an agent token may call; everything else needs a user key. */
export type AgentOperation = { [K in Operation]: (typeof POLICY)[K]['agents'] extends true ? K : never }[Operation];
export type UserOperation = Exclude<Operation, AgentOperation>;

export const AGENT_TOKEN_MESSAGE = 'agent tokens only fetch agent config (`agentConfig`)';

/** For operations agent tokens may call too. */
export function authorizeAnyone(viewer: Viewer | null, op: AgentOperation): Viewer {
  if (POLICY[op].open) throw new Error(`${op} is open: it needs no authorization`);
  return requireViewer(viewer);
}

/** Every other operation starts here: a live user key, never an agent token. */
export function authorizeUser(viewer: Viewer | null, op: UserOperation): UserViewer {
  const v = requireViewer(viewer);
  if (v.kind === 'agent') throw new ApiError('FORBIDDEN', `${AGENT_TOKEN_MESSAGE}; use a user API key to ${POLICY[op].doing}`);
  return v;
}

/**
 * The caller's role in `organizationId` when it reaches the operation's minimum. Not being a
 * member reads exactly like the thing not existing, so ids of other organizations leak nothing.
 */
export function requireRole(viewer: UserViewer, op: UserOperation, organizationId: string, notFound: () => ApiError): Role {
  const role = viewer.roles.get(organizationId);
  if (!role) throw notFound();
  const min: Role | null = POLICY[op].minRole;
  if (min && !atLeast(role, min)) {
    throw new ApiError('FORBIDDEN', `your role (${role}) in this organization cannot ${POLICY[op].doing}; that needs ${min} or above`);
  }
  return role;
}

/** Organizations the caller may read in (the lists of projects, agents, ...). */
export function readableOrganizations(viewer: UserViewer): string[] {
  return [...viewer.roles.keys()];
}

/**
 * Owners manage owners; an admin grants, changes and removes roles up to admin only. `target`
 * is each role concerned (the member's current one and the one asked for).
 */
export function requireManage(actor: Role, target: Role, what: string): void {
  if (target === 'owner' && actor !== 'owner') throw new ApiError('FORBIDDEN', `only an owner can ${what}; your role here is ${actor}`);
}

/** A key can do no more than its creator: its role is at most the creator's; agent tokens need admin. */
export function requireKeyRole(actor: Role, keyRole: Role | 'agent'): void {
  if (keyRole === 'agent') {
    if (!atLeast(actor, 'admin')) throw new ApiError('FORBIDDEN', `your role (${actor}) in this organization cannot create agent tokens; that needs admin or above`);
    return;
  }
  if (!atLeast(actor, keyRole)) {
    throw new ApiError('FORBIDDEN', `a key's role can be at most your own role in the organization (${actor}); asked for ${keyRole}`);
  }
}

/**
 * A new member's first key has to come from someone: admins and owners may make keys for
 * people of their organization (owners' keys only by owners). The key still acts with at most
 * that person's role, and records who made it.
 */
export function requireKeyFor(actor: Role, target: Role): void {
  if (!atLeast(actor, 'admin')) throw new ApiError('FORBIDDEN', `your role (${actor}) in this organization cannot make keys for other people; that needs admin or above`);
  requireManage(actor, target, "make keys for an owner");
}

/** Admins and owners see every key of the organization; others only their own. */
export function seesAllKeys(role: Role): boolean {
  return atLeast(role, 'admin');
}

/**
 * Whose keys may be revoked: your own always (a scoped key only touches keys of its own
 * organization); anyone's in an organization where you are admin or above.
 */
export function requireRevoke(viewer: UserViewer, key: { userId: string; organizationId: string | null }, notFound: () => ApiError): void {
  const own = key.userId === viewer.userId && (viewer.scope === null || key.organizationId === viewer.scope);
  if (own) return;
  if (key.organizationId === null) throw notFound();
  requireRole(viewer, 'revokeApiKey', key.organizationId, notFound);
}

export const AGENT_CONFIG_NEEDS_AGENT_TOKEN =
  'agentConfig hands out NATS credentials and needs an agent token: create one with `anneal key create --role agent --pool POOL`';

/** agentConfig mints NATS credentials scoped to a token's pools, so only agent tokens may ask. */
export function authorizeAgent(viewer: Viewer | null, op: AgentOperation): AgentViewer {
  const v = authorizeAnyone(viewer, op);
  if (v.kind !== 'agent') throw new ApiError('FORBIDDEN', AGENT_CONFIG_NEEDS_AGENT_TOKEN);
  return v;
}
