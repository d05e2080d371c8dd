import { KeyStore, MemberStore, ROLES, type ApiKey, type Role } from '@anneal/db';
import { POOL_PATTERN } from '@anneal/protocol';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { generateApiKey, parseApiKey, secretMatches } from '../auth/api-keys.js';
import { authorizeUser, requireKeyFor, requireKeyRole, requireRevoke, seesAllKeys } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { emailSchema } from './email.js';
import { actingIn } from './pick-organization.js';
import { parseInput } from './validate.js';

export type ApiKeyRow = ApiKey;

export const KEY_ROLES = [...ROLES, 'agent'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  role: z.enum(KEY_ROLES, { error: `must be one of ${KEY_ROLES.join(', ')}` }),
  pools: z.array(z.string().regex(POOL_PATTERN, 'must be 1-64 letters, digits, "_" or "-"')).max(64, 'at most 64 pools').nullish(),
  organizationId: z.string().nullish(),
  email: emailSchema.nullish(),
}).superRefine((i, ctx) => {
  const pools = i.pools ?? [];
  if (i.role === 'agent' && pools.length === 0) ctx.addIssue({ code: 'custom', path: ['pools'], message: 'an agent token needs at least one pool its agents may serve' });
  if (i.role !== 'agent' && pools.length > 0) ctx.addIssue({ code: 'custom', path: ['pools'], message: 'only agent tokens have pools; leave pools out for a user key' });
  if (i.role === 'agent' && i.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'agent tokens belong to the organization, not to a person; leave email out' });
});

/**
 * A user key acts for its creator in one organization with at most the creator's role; an
 * agent token (admins and owners only) fetches agent config for the organization's pools.
 */
export async function createApiKey(deps: ApiDeps, viewer: Viewer | null, input: unknown): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const v = authorizeUser(viewer, 'createApiKey');
  const { name, role, pools, organizationId: requested, email } = parseInput(createApiKeyInput, input);
  const { orgId, role: actor } = actingIn(v, 'createApiKey', requested, 'input.organizationId');
  requireKeyRole(actor, role);
  const userId = email && email !== v.email.toLowerCase() ? await memberFor(deps, actor, orgId, email) : v.userId;
  const generated = generateApiKey();
  const id = randomUUID();
  const agent = role === 'agent';
  const keys = new KeyStore(deps.ds);
  await keys.insert({
    id, userId, name, prefix: generated.prefix, secretHash: generated.secretHash, kind: agent ? 'agent' : 'user',
    organizationId: orgId, role: agent ? null : role, pools: agent ? [...new Set(pools)] : null, createdBy: v.userId,
  });
  return { key: generated.key, apiKey: (await keys.get(id))! };
}

/** The user a key is made for, when an admin makes one for someone else of the organization. */
async function memberFor(deps: ApiDeps, actor: Role, orgId: string, email: string): Promise<string> {
  const target = await new MemberStore(deps.ds).byEmail(orgId, email);
  if (!target) throw new ApiError('NOT_FOUND', `${email} is not a member of this organization; add them first (addMember)`, [{ path: 'email', message: 'not a member' }]);
  requireKeyFor(actor, target.role);
  return target.userId;
}

/** Admins and owners see every key of the organization; others their own (personal keys included). */
export async function listApiKeys(deps: ApiDeps, viewer: Viewer | null, requested: string | null | undefined): Promise<ApiKeyRow[]> {
  const v = authorizeUser(viewer, 'apiKeys');
  const { orgId, role } = actingIn(v, 'apiKeys', requested, 'organizationId');
  // A scoped key sees nothing outside its organization, so not its user's personal keys.
  const personal = v.scope === null;
  return new KeyStore(deps.ds).list({ organizationId: orgId, userId: v.userId, allOfOrganization: seesAllKeys(role), personal });
}

/** By id or by the whole key (what someone holding a leaked key has). Revoking twice changes nothing. */
export async function revokeApiKey(deps: ApiDeps, viewer: Viewer | null, idOrKey: string): Promise<ApiKeyRow> {
  const v = authorizeUser(viewer, 'revokeApiKey');
  const given = idOrKey.trim();
  const byId = z.uuid().safeParse(given).success;
  const parsed = byId ? null : parseApiKey(given);
  if (!byId && !parsed) {
    throw new ApiError('BAD_USER_INPUT', 'idOrKey: give a key id (a UUID, see apiKeys) or a whole key (ank_…)', [
      { path: 'idOrKey', message: 'neither a key id nor a key' },
    ]);
  }
  // Never echo a secret back, not even in an error.
  const shown = parsed ? `ank_${parsed.prefix}_…` : given;
  const missing = () => notFound('API key', shown);
  const keys = new KeyStore(deps.ds);
  let key: ApiKeyRow | null;
  if (parsed) {
    const match = await keys.byPrefix(parsed.prefix);
    key = match && secretMatches(parsed.secret, match.secretHash) ? match.key : null;
  } else {
    key = await keys.get(given);
  }
  if (!key) throw missing();
  requireRevoke(v, key, missing);
  await keys.revoke(key.id);
  return (await keys.get(key.id))!;
}
