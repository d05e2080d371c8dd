import type { Role } from '../model.js';
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

  /** The user's password hash (null until they set one through an invite), by email, case-insensitively. */
  async passwordByEmail(email: string): Promise<{ id: string; passwordHash: string | null } | null> {
    const [row] = await this.db.query(
      `SELECT id, password_hash FROM app_user WHERE lower(email) = lower($1) ORDER BY (email = $1) DESC LIMIT 1`, [email],
    );
    return row ? { id: row.id as string, passwordHash: row.password_hash as string | null } : null;
  }

  async hasPassword(id: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT password_hash IS NOT NULL AS has FROM app_user WHERE id = $1`, [id]);
    return Boolean(row?.has);
  }

  async setPassword(id: string, passwordHash: string, name: string | null): Promise<void> {
    await this.db.query(`UPDATE app_user SET password_hash = $2, name = coalesce($3, name) WHERE id = $1`, [id, passwordHash, name]);
  }

  async profile(id: string): Promise<{ email: string; name: string } | null> {
    const [row] = await this.db.query(`SELECT email, name FROM app_user WHERE id = $1`, [id]);
    return row ? { email: row.email as string, name: row.name as string } : null;
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

  /** Some organization in which the user with that email is an owner, if any. */
  async ownedBy(email: string): Promise<{ organizationId: string; userId: string } | null> {
    const [row] = await this.db.query(
      `SELECT m.organization_id, m.user_id FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE u.email = $1 AND m.role = 'owner' ORDER BY m.created_at LIMIT 1`,
      [email],
    );
    return row ? { organizationId: row.organization_id as string, userId: row.user_id as string } : null;
  }

  /** How many organizations the user belongs to. */
  async organizationsOf(userId: string): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM membership WHERE user_id = $1`, [userId]);
    return Number(row?.n ?? 0);
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
