import type { ApiKeyKind, Role } from '@anneal/db';
import type { DataSource } from 'typeorm';
import { parseApiKey, secretMatches } from './api-keys.js';
import { lesserRole } from './roles.js';
import type { Viewer } from './viewer.js';

/** Writing last_used_at on every request would turn each read into a write; once a minute is plenty. */
export const LAST_USED_RESOLUTION_MS = 60_000;

interface KeyRow {
  key_id: string; secret_hash: string; kind: ApiKeyKind; key_organization_id: string | null; key_role: Role | null;
  pools: string[] | null; created_by: string | null; last_used_at: Date | null; revoked_at: Date | null;
  user_id: string; email: string; organization_id: string | null; role: Role | null;
}

export interface AuthenticateOptions {
  /** Told when recording last_used_at failed; the request goes on regardless. */
  onUsageError?: (err: unknown) => void;
}

/**
 * Resolves an `Authorization` header to a viewer; null for anything that is not a valid, live
 * key (missing, malformed, unknown, wrong secret, revoked), which callers answer UNAUTHENTICATED.
 */
export async function authenticate(ds: DataSource, authorization: string | undefined | null, o: AuthenticateOptions = {}): Promise<Viewer | null> {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!m) return null;
  const parsed = parseApiKey(m[1]!);
  if (!parsed) return null;
  const rows: KeyRow[] = await ds.query(
    `SELECT k.id AS key_id, k.secret_hash, k.kind, k.organization_id AS key_organization_id, k.role AS key_role, k.pools,
            k.created_by, k.last_used_at, k.revoked_at, u.id AS user_id, u.email, m.organization_id, m.role
       FROM api_key k JOIN app_user u ON u.id = k.user_id
       LEFT JOIN membership m ON m.user_id = u.id AND k.kind = 'user'
      WHERE k.prefix = $1`,
    [parsed.prefix],
  );
  const first = rows[0];
  // The secret is checked before revocation so nobody learns anything about a key they do not hold.
  if (!first || !secretMatches(parsed.secret, first.secret_hash) || first.revoked_at) return null;
  await recordUse(ds, first, o);
  if (first.kind === 'agent') {
    return { kind: 'agent', keyId: first.key_id, organizationId: first.key_organization_id!, pools: first.pools ?? [], createdBy: first.created_by ?? first.user_id };
  }
  const roles = new Map<string, Role>();
  for (const r of rows) {
    if (!r.organization_id || !r.role) continue;
    if (first.key_organization_id === null) roles.set(r.organization_id, r.role);
    else if (r.organization_id === first.key_organization_id) roles.set(r.organization_id, lesserRole(r.role, first.key_role ?? 'viewer'));
  }
  return { kind: 'user', keyId: first.key_id, userId: first.user_id, email: first.email, roles, scope: first.key_organization_id };
}

/**
 * Throttled in the query too, so concurrent requests with the same key write at most once. A
 * failure here (a lock timeout, a read-only replica) must never fail the request itself.
 */
async function recordUse(ds: DataSource, row: KeyRow, o: AuthenticateOptions): Promise<void> {
  if (row.last_used_at && Date.now() - row.last_used_at.getTime() < LAST_USED_RESOLUTION_MS) return;
  try {
    await ds.query(
      `UPDATE api_key SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [row.key_id, LAST_USED_RESOLUTION_MS / 1000],
    );
  } catch (e) {
    o.onUsageError?.(e);
  }
}
