import type { ApiKeyKind, Role } from '../model.js';
import type { Queryable } from './queryable.js';

/** An API key as its owners and admins see it (never its secret). */
export interface ApiKey {
  id: string; name: string; kind: ApiKeyKind; role: Role | null; pools: string[]; prefix: string;
  organizationId: string | null; userId: string; userEmail: string;
  /** The creator's email. */
  createdBy: string | null;
  createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
}

export interface NewApiKey {
  id: string; userId: string; name: string; prefix: string; secretHash: string; kind: ApiKeyKind;
  organizationId: string | null; role: Role | null; pools: string[] | null; createdBy: string | null;
}

const KEY_COLUMNS = `k.id, k.name, k.kind, k.role, k.pools, k.prefix, k.organization_id, k.user_id, u.email AS user_email,
                     c.email AS created_by, k.created_at, k.last_used_at, k.revoked_at`;
const KEY_FROM = `FROM api_key k JOIN app_user u ON u.id = k.user_id LEFT JOIN app_user c ON c.id = k.created_by`;
const toApiKey = (r: Record<string, unknown>): ApiKey => ({
  id: r.id as string, name: r.name as string, kind: r.kind as ApiKeyKind, role: r.role as Role | null, pools: (r.pools as string[] | null) ?? [],
  prefix: r.prefix as string, organizationId: r.organization_id as string | null, userId: r.user_id as string, userEmail: r.user_email as string,
  createdBy: r.created_by as string | null, createdAt: r.created_at as Date, lastUsedAt: r.last_used_at as Date | null,
  revokedAt: r.revoked_at as Date | null,
});

/** Everything authentication needs to know about a presented key, in one round trip. */
export interface KeyCredential {
  keyId: string; secretHash: string; kind: ApiKeyKind;
  /** Set when the key is scoped to one organization (agent tokens always are). */
  organizationId: string | null; role: Role | null; pools: string[] | null;
  createdById: string | null; lastUsedAt: Date | null; revokedAt: Date | null;
  userId: string; email: string;
  /** The owner's memberships; empty for agent tokens, which act for their organization only. */
  memberships: Array<{ organizationId: string; role: Role }>;
}

/** Owner of the `api_key` table: managing keys, and reading them for authentication. */
export class KeyStore {
  constructor(private readonly db: Queryable) {}

  /** With `ifAbsent`, a key whose prefix is stored already is left as it is (a preset admin key on restart). */
  async insert(k: NewApiKey, o: { ifAbsent?: boolean } = {}): Promise<void> {
    await this.db.query(
      `INSERT INTO api_key (id, user_id, name, prefix, secret_hash, kind, organization_id, role, pools, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)${o.ifAbsent ? ' ON CONFLICT (prefix) DO NOTHING' : ''}`,
      [k.id, k.userId, k.name, k.prefix, k.secretHash, k.kind, k.organizationId, k.role, k.pools, k.createdBy],
    );
  }

  /** The key with that prefix, its owner and the owner's memberships; null for an unknown prefix. */
  async credential(prefix: string): Promise<KeyCredential | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT k.id, k.secret_hash, k.kind, k.organization_id AS key_organization_id, k.role AS key_role, k.pools,
              k.created_by, k.last_used_at, k.revoked_at, u.id AS user_id, u.email, m.organization_id, m.role
         FROM api_key k JOIN app_user u ON u.id = k.user_id
         LEFT JOIN membership m ON m.user_id = u.id AND k.kind = 'user'
        WHERE k.prefix = $1`,
      [prefix],
    );
    const first = rows[0];
    if (!first) return null;
    return {
      keyId: first.id as string, secretHash: first.secret_hash as string, kind: first.kind as ApiKeyKind,
      organizationId: first.key_organization_id as string | null, role: first.key_role as Role | null,
      pools: first.pools as string[] | null, createdById: first.created_by as string | null,
      lastUsedAt: first.last_used_at as Date | null, revokedAt: first.revoked_at as Date | null,
      userId: first.user_id as string, email: first.email as string,
      memberships: rows.filter((r) => r.organization_id && r.role)
        .map((r) => ({ organizationId: r.organization_id as string, role: r.role as Role })),
    };
  }

  /**
   * Records that the key was used, at most once per `resolutionMs`: throttled in the statement too,
   * so concurrent requests with the same key write once. Writing on every request would turn each
   * read into a write.
   */
  async touchLastUsed(id: string, resolutionMs: number): Promise<void> {
    await this.db.query(
      `UPDATE api_key SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [id, resolutionMs / 1000],
    );
  }

  async get(id: string): Promise<ApiKey | null> {
    const [row] = await this.db.query(`SELECT ${KEY_COLUMNS} ${KEY_FROM} WHERE k.id = $1`, [id]);
    return row ? toApiKey(row) : null;
  }

  /** The key with that prefix and its secret's hash, for checking a whole key someone presents. */
  async byPrefix(prefix: string): Promise<{ key: ApiKey; secretHash: string } | null> {
    const [row] = await this.db.query(`SELECT k.secret_hash, ${KEY_COLUMNS} ${KEY_FROM} WHERE k.prefix = $1`, [prefix]);
    return row ? { key: toApiKey(row), secretHash: row.secret_hash as string } : null;
  }

  /** The organization's keys (all of them, or only the user's), and the user's personal keys if asked. */
  async list(o: { organizationId: string; userId: string; allOfOrganization: boolean; personal: boolean }): Promise<ApiKey[]> {
    const rows = await this.db.query(
      `SELECT ${KEY_COLUMNS} ${KEY_FROM}
        WHERE ((k.organization_id = $1 AND ($3 OR k.user_id = $2)) OR (k.organization_id IS NULL AND k.user_id = $2 AND $4))
        ORDER BY k.created_at, k.id`,
      [o.organizationId, o.userId, o.allOfOrganization, o.personal],
    );
    return rows.map(toApiKey);
  }

  /** Revoking twice keeps the first time. */
  async revoke(id: string): Promise<void> {
    await this.db.query(`UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`, [id]);
  }
}
