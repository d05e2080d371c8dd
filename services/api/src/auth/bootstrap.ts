import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generateApiKey, storedFormOf } from './api-keys.js';

export class BootstrapError extends Error {
  constructor(readonly code: 'BAD_ADMIN_KEY', message: string) {
    super(message);
    this.name = 'BootstrapError';
  }
}

export interface BootstrapResult {
  organizationId: string;
  userId: string;
  /** The admin key in clear, only when this call created it (it is never stored in clear). */
  createdKey: string | null;
}

/**
 * First start: one organization, an admin user and their API key. Later starts find them and
 * change nothing, so a restart never invalidates a key in use.
 */
export async function ensureAdmin(ds: DataSource, presetKey?: string): Promise<BootstrapResult> {
  const preset = presetKey ? storedFormOf(presetKey) : null;
  if (presetKey && !preset) {
    throw new BootstrapError('BAD_ADMIN_KEY', 'ANNEAL_ADMIN_KEY must look like ank_<12 letters or digits>_<43 base64url characters>; run `anneal key generate` for one');
  }
  return ds.transaction(async (em) => {
    const existing: Array<{ organization_id: string; user_id: string }> = await em.query(
      `SELECT m.organization_id, m.user_id FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE u.email = 'admin@localhost' AND m.role = 'owner' LIMIT 1`,
    );
    if (existing[0]) {
      const { organization_id: organizationId, user_id: userId } = existing[0];
      if (preset) {
        await em.query(
          `INSERT INTO api_key (id, user_id, name, prefix, secret_hash) VALUES ($1, $2, 'admin (preset)', $3, $4)
           ON CONFLICT (prefix) DO NOTHING`,
          [randomUUID(), userId, preset.prefix, preset.secretHash],
        );
      }
      return { organizationId, userId, createdKey: null };
    }
    const organizationId = randomUUID();
    const userId = randomUUID();
    await em.query(`INSERT INTO organization (id, name) VALUES ($1, 'default')`, [organizationId]);
    await em.query(`INSERT INTO app_user (id, email, name) VALUES ($1, 'admin@localhost', 'Admin')`, [userId]);
    await em.query(`INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [organizationId, userId]);
    const key = preset ?? generateApiKey();
    await em.query(`INSERT INTO api_key (id, user_id, name, prefix, secret_hash) VALUES ($1, $2, 'admin', $3, $4)`, [
      randomUUID(), userId, key.prefix, key.secretHash,
    ]);
    return { organizationId, userId, createdKey: preset ? null : key.key };
  });
}
