import type { ApiKeyKind, Role } from '../model.js';
import type { Queryable } from './queryable.js';

export interface Organization { id: string; name: string; createdAt: Date }

/** Owner of the `organization` table. */
export class OrganizationStore {
  constructor(private readonly db: Queryable) {}

  async list(ids: readonly string[]): Promise<Organization[]> {
    const rows: Array<{ id: string; name: string; created_at: Date }> = await this.db.query(
      `SELECT id, name, created_at FROM organization WHERE id = ANY($1::uuid[]) ORDER BY name`, [ids],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  /** Null when the name is taken (names are unique). */
  async insert(id: string, name: string): Promise<Organization | null> {
    const [row] = await this.db.query(`INSERT INTO organization (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id, name, created_at`, [id, name]);
    return row ? { id: row.id, name: row.name, createdAt: row.created_at } : null;
  }
}

/** Owner of the `app_user` table. */
export class UserStore {
  constructor(private readonly db: Queryable) {}

  /** Older users may have been inserted with capitals; an exact match wins over a case-folded one. */
  async idByEmail(email: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT id FROM app_user WHERE lower(email) = $1 ORDER BY (email = $1) DESC LIMIT 1`, [email]);
    return (row?.id as string | undefined) ?? null;
  }

  /** Null when a user with that email appeared meanwhile. */
  async insert(id: string, email: string, name: string): Promise<string | null> {
    const [row] = await this.db.query(`INSERT INTO app_user (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING RETURNING id`, [id, email, name]);
    return (row?.id as string | undefined) ?? null;
  }
}

/** A person's membership of one organization. */
export interface Member { userId: string; email: string; name: string; role: Role; joinedAt: Date }

const MEMBER_SELECT = `SELECT u.id AS user_id, u.email, u.name, m.role, m.created_at
                         FROM membership m JOIN app_user u ON u.id = m.user_id`;
const toMember = (r: { user_id: string; email: string; name: string; role: Role; created_at: Date }): Member => ({
  userId: r.user_id, email: r.email, name: r.name, role: r.role, joinedAt: r.created_at,
});

/** Owner of the `membership` table. */
export class MemberStore {
  constructor(private readonly db: Queryable) {}

  /** Owners first, then by email. */
  async list(organizationId: string): Promise<Member[]> {
    const rows = await this.db.query(
      `${MEMBER_SELECT} WHERE m.organization_id = $1
        ORDER BY array_position(ARRAY['owner', 'admin', 'member', 'viewer'], m.role), u.email`,
      [organizationId],
    );
    return rows.map(toMember);
  }

  async get(organizationId: string, userId: string): Promise<Member | null> {
    const [row] = await this.db.query(`${MEMBER_SELECT} WHERE m.organization_id = $1 AND m.user_id = $2`, [organizationId, userId]);
    return row ? toMember(row) : null;
  }

  /** The member with that email (case-insensitive), if any. */
  async byEmail(organizationId: string, email: string): Promise<Member | null> {
    const [row] = await this.db.query(`${MEMBER_SELECT} WHERE m.organization_id = $1 AND lower(u.email) = $2`, [organizationId, email]);
    return row ? toMember(row) : null;
  }

  /** Every membership of the organization, locked until the transaction ends. */
  async lockAll(organizationId: string): Promise<Member[]> {
    const rows = await this.db.query(`${MEMBER_SELECT} WHERE m.organization_id = $1 ORDER BY m.user_id FOR UPDATE OF m`, [organizationId]);
    return rows.map(toMember);
  }

  /** False when they are a member already. */
  async add(organizationId: string, userId: string, role: Role): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [organizationId, userId, role],
    );
    return rows.length > 0;
  }

  async remove(organizationId: string, userId: string): Promise<void> {
    await this.db.query(`DELETE FROM membership WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId]);
  }

  async setRole(organizationId: string, userId: string, role: Role): Promise<void> {
    await this.db.query(`UPDATE membership SET role = $3 WHERE organization_id = $1 AND user_id = $2`, [organizationId, userId, role]);
  }
}

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

/**
 * Owner of the `api_key` table for managing keys. Authentication (services/api/src/auth) reads
 * and touches keys on its own hot path.
 */
export class KeyStore {
  constructor(private readonly db: Queryable) {}

  async insert(k: NewApiKey): Promise<void> {
    await this.db.query(
      `INSERT INTO api_key (id, user_id, name, prefix, secret_hash, kind, organization_id, role, pools, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [k.id, k.userId, k.name, k.prefix, k.secretHash, k.kind, k.organizationId, k.role, k.pools, k.createdBy],
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
