import type { Role } from '@anneal/db';
import type { DataSource } from 'typeorm';
import { parseApiKey, secretMatches } from './api-keys.js';
import type { Viewer } from './viewer.js';

/** Resolves an `Authorization` header to a viewer; null for anything not a valid, live key. */
export async function authenticate(ds: DataSource, authorization: string | undefined | null): Promise<Viewer | null> {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!m) return null;
  const parsed = parseApiKey(m[1]!);
  if (!parsed) return null;
  const rows: Array<{ key_id: string; secret_hash: string; user_id: string; email: string; organization_id: string | null; role: Role | null }> =
    await ds.query(
      `SELECT k.id AS key_id, k.secret_hash, u.id AS user_id, u.email, m.organization_id, m.role
         FROM api_key k JOIN app_user u ON u.id = k.user_id
         LEFT JOIN membership m ON m.user_id = u.id
        WHERE k.prefix = $1 AND k.revoked_at IS NULL`,
      [parsed.prefix],
    );
  const first = rows[0];
  if (!first || !secretMatches(parsed.secret, first.secret_hash)) return null;
  const roles = new Map<string, Role>();
  for (const r of rows) if (r.organization_id && r.role) roles.set(r.organization_id, r.role);
  return { userId: first.user_id, email: first.email, roles };
}
