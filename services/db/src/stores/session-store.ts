import type { Role } from '../model.js';
import type { Queryable } from './queryable.js';

/** What authentication needs to know about a presented session token, in one round trip. */
export interface SessionCredential {
  sessionId: string; secretHash: string; expiresAt: Date; revokedAt: Date | null;
  userId: string; email: string;
  memberships: Array<{ organizationId: string; role: Role }>;
}

/** Owner of the `user_session` table: sessions opened by signing in with a password. */
export class SessionStore {
  constructor(private readonly db: Queryable) {}

  async insert(s: { id: string; userId: string; prefix: string; secretHash: string; expiresAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO user_session (id, user_id, prefix, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [s.id, s.userId, s.prefix, s.secretHash, s.expiresAt],
    );
  }

  async credential(prefix: string): Promise<SessionCredential | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT s.id, s.secret_hash, s.expires_at, s.revoked_at, u.id AS user_id, u.email, m.organization_id, m.role
         FROM user_session s JOIN app_user u ON u.id = s.user_id
         LEFT JOIN membership m ON m.user_id = u.id
        WHERE s.prefix = $1`,
      [prefix],
    );
    const first = rows[0];
    if (!first) return null;
    return {
      sessionId: first.id as string, secretHash: first.secret_hash as string,
      expiresAt: first.expires_at as Date, revokedAt: first.revoked_at as Date | null,
      userId: first.user_id as string, email: first.email as string,
      memberships: rows.filter((r) => r.organization_id && r.role)
        .map((r) => ({ organizationId: r.organization_id as string, role: r.role as Role })),
    };
  }

  /** Ending twice keeps the first time. */
  async revoke(id: string): Promise<void> {
    await this.db.query(`UPDATE user_session SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`, [id]);
  }

  /** Every open session of the user ends but `except` (the one changing the password, say). */
  async revokeAllOf(userId: string, except: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2::uuid`, [userId, except],
    );
  }
}

/** A one-time invite to set a password, as its creator sees it (never its secret). */
export interface Invite {
  id: string; organizationId: string; userId: string; email: string;
  createdAt: Date; expiresAt: Date; usedAt: Date | null;
}

/** Owner of the `invite` table. */
export class InviteStore {
  constructor(private readonly db: Queryable) {}

  async insert(i: { id: string; organizationId: string; userId: string; prefix: string; secretHash: string; createdBy: string; expiresAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO invite (id, organization_id, user_id, prefix, secret_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [i.id, i.organizationId, i.userId, i.prefix, i.secretHash, i.createdBy, i.expiresAt],
    );
  }

  /** The invite with that prefix and its secret's hash, locked until the transaction ends so it is used once. */
  async lockByPrefix(prefix: string): Promise<{ invite: Invite; secretHash: string } | null> {
    const [r] = await this.db.query(
      `SELECT i.id, i.organization_id, i.user_id, u.email, i.created_at, i.expires_at, i.used_at, i.secret_hash
         FROM invite i JOIN app_user u ON u.id = i.user_id WHERE i.prefix = $1 FOR UPDATE OF i`,
      [prefix],
    );
    if (!r) return null;
    return {
      invite: {
        id: r.id, organizationId: r.organization_id, userId: r.user_id, email: r.email,
        createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at,
      },
      secretHash: r.secret_hash as string,
    };
  }

  async markUsed(id: string): Promise<void> {
    await this.db.query(`UPDATE invite SET used_at = now() WHERE id = $1`, [id]);
  }

  /** A new invite makes the user's earlier unused ones worthless: only the latest link works. */
  async retireUnused(userId: string): Promise<void> {
    await this.db.query(`UPDATE invite SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  }
}
