import { KeyStore, SessionStore, type KeyCredential, type Role } from '@anneal/db';
import type { DataSource } from 'typeorm';
import { parseToken, secretMatches } from './api-keys.js';
import { lesserRole } from './roles.js';
import type { Viewer } from './viewer.js';

/** Writing last_used_at on every request would turn each read into a write; once a minute is plenty. */
export const LAST_USED_RESOLUTION_MS = 60_000;

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
  const parsed = parseToken(m[1]!);
  if (!parsed || parsed.scheme === 'ani') return null;
  if (parsed.scheme === 'ans') return sessionViewer(ds, parsed);
  const keys = new KeyStore(ds);
  const key = await keys.credential(parsed.prefix);
  // The secret is checked before revocation so nobody learns anything about a key they do not hold.
  if (!key || !secretMatches(parsed.secret, key.secretHash) || key.revokedAt) return null;
  await recordUse(keys, key, o);
  if (key.kind === 'agent') {
    return { kind: 'agent', keyId: key.keyId, organizationId: key.organizationId!, pools: key.pools ?? [], createdBy: key.createdById ?? key.userId };
  }
  const roles = new Map<string, Role>();
  for (const m of key.memberships) {
    if (key.organizationId === null) roles.set(m.organizationId, m.role);
    else if (m.organizationId === key.organizationId) roles.set(m.organizationId, lesserRole(m.role, key.role ?? 'viewer'));
  }
  return { kind: 'user', via: 'key', keyId: key.keyId, userId: key.userId, email: key.email, roles, scope: key.organizationId };
}

/** A session acts as its person in every organization they belong to, until it expires or ends. */
async function sessionViewer(ds: DataSource, token: { prefix: string; secret: string }): Promise<Viewer | null> {
  const session = await new SessionStore(ds).credential(token.prefix);
  if (!session || !secretMatches(token.secret, session.secretHash) || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  const roles = new Map(session.memberships.map((m) => [m.organizationId, m.role] as const));
  return { kind: 'user', via: 'session', keyId: session.sessionId, userId: session.userId, email: session.email, roles, scope: null };
}

/** A failure here (a lock timeout, a read-only replica) must never fail the request itself. */
async function recordUse(keys: KeyStore, key: KeyCredential, o: AuthenticateOptions): Promise<void> {
  if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  try {
    await keys.touchLastUsed(key.keyId, LAST_USED_RESOLUTION_MS);
  } catch (e) {
    o.onUsageError?.(e);
  }
}
