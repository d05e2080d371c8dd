import { ROLES, type ApiKeyKind, type Role } from '@anneal/db';
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

export interface ApiKeyRow {
  id: string; name: string; kind: ApiKeyKind; role: Role | null; pools: string[]; prefix: string;
  organizationId: string | null; userId: string; userEmail: string; createdBy: string | null;
  createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
}

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

const SELECT = `SELECT k.id, k.name, k.kind, k.role, k.pools, k.prefix, k.organization_id, k.user_id, u.email AS user_email,
                       c.email AS created_by, k.created_at, k.last_used_at, k.revoked_at
                  FROM api_key k JOIN app_user u ON u.id = k.user_id LEFT JOIN app_user c ON c.id = k.created_by`;
const toRow = (r: Record<string, unknown>): ApiKeyRow => ({
  id: r.id as string, name: r.name as string, kind: r.kind as ApiKeyKind, role: r.role as Role | null, pools: (r.pools as string[] | null) ?? [],
  prefix: r.prefix as string, organizationId: r.organization_id as string | null, userId: r.user_id as string, userEmail: r.user_email as string,
  createdBy: r.created_by as string | null, createdAt: r.created_at as Date, lastUsedAt: r.last_used_at as Date | null,
  revokedAt: r.revoked_at as Date | null,
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
  await deps.ds.query(
    `INSERT INTO api_key (id, user_id, name, prefix, secret_hash, kind, organization_id, role, pools, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [id, userId, name, generated.prefix, generated.secretHash, agent ? 'agent' : 'user', orgId, agent ? null : role,
      agent ? [...new Set(pools)] : null, v.userId],
  );
  const [row] = await deps.ds.query(`${SELECT} WHERE k.id = $1`, [id]);
  return { key: generated.key, apiKey: toRow(row) };
}

/** The user a key is made for, when an admin makes one for someone else of the organization. */
async function memberFor(deps: ApiDeps, actor: Role, orgId: string, email: string): Promise<string> {
  const rows: Array<{ user_id: string; role: Role }> = await deps.ds.query(
    `SELECT m.user_id, m.role FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.organization_id = $1 AND lower(u.email) = $2`,
    [orgId, email],
  );
  const target = rows[0];
  if (!target) throw new ApiError('NOT_FOUND', `${email} is not a member of this organization; add them first (addMember)`, [{ path: 'email', message: 'not a member' }]);
  requireKeyFor(actor, target.role);
  return target.user_id;
}

/** Admins and owners see every key of the organization; others their own (personal keys included). */
export async function listApiKeys(deps: ApiDeps, viewer: Viewer | null, requested: string | null | undefined): Promise<ApiKeyRow[]> {
  const v = authorizeUser(viewer, 'apiKeys');
  const { orgId, role } = actingIn(v, 'apiKeys', requested, 'organizationId');
  // A scoped key sees nothing outside its organization, so not its user's personal keys.
  const personal = v.scope === null;
  const rows = await deps.ds.query(
    `${SELECT} WHERE ((k.organization_id = $1 AND ($3 OR k.user_id = $2)) OR (k.organization_id IS NULL AND k.user_id = $2 AND $4))
      ORDER BY k.created_at, k.id`,
    [orgId, v.userId, seesAllKeys(role), personal],
  );
  return rows.map(toRow);
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
  const rows: Array<Record<string, unknown>> = byId
    ? await deps.ds.query(`${SELECT} WHERE k.id = $1`, [given])
    : await deps.ds.query(`${SELECT.replace('SELECT ', 'SELECT k.secret_hash, ')} WHERE k.prefix = $1`, [parsed!.prefix]);
  const found = rows[0];
  if (!found || (parsed && !secretMatches(parsed.secret, found.secret_hash as string))) throw missing();
  const key = toRow(found);
  requireRevoke(v, key, missing);
  await deps.ds.query(`UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`, [key.id]);
  const [row] = await deps.ds.query(`${SELECT} WHERE k.id = $1`, [key.id]);
  return toRow(row);
}
