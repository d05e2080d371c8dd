import { randomUUID } from 'node:crypto';
import { KeyStore, MemberStore, OrganizationStore, UserStore, type NewApiKey } from '@anneal/db';
import type { DataSource } from 'typeorm';
import { generateApiKey, storedFormOf } from './api-keys.js';

export class BootstrapError extends Error {
  constructor(readonly code: 'BAD_ADMIN_KEY' | 'BOOTSTRAP_CONFLICT', message: string) {
    super(message);
    this.name = 'BootstrapError';
  }
}

/** The first start's owner; later starts find the organization this user owns. */
const ADMIN_EMAIL = 'admin@localhost';

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
    const keys = new KeyStore(em);
    const adminKey = (userId: string, name: string, k: { prefix: string; secretHash: string }): NewApiKey => ({
      id: randomUUID(), userId, name, prefix: k.prefix, secretHash: k.secretHash, kind: 'user',
      organizationId: null, role: null, pools: null, createdBy: null,
    });
    const existing = await new MemberStore(em).ownedBy(ADMIN_EMAIL);
    if (existing) {
      if (preset) await keys.insert(adminKey(existing.userId, 'admin (preset)', preset), { ifAbsent: true });
      return { ...existing, createdKey: null };
    }
    const organization = await new OrganizationStore(em).insert(randomUUID(), 'default');
    const userId = await new UserStore(em).insert(randomUUID(), ADMIN_EMAIL, 'Admin');
    if (!organization || !userId) {
      throw new BootstrapError('BOOTSTRAP_CONFLICT', `an organization named "default" or a user ${ADMIN_EMAIL} exists without the admin's ownership; the database was changed by hand, so fix it or start on an empty one`);
    }
    await new MemberStore(em).add(organization.id, userId, 'owner');
    const key = preset ?? generateApiKey();
    await keys.insert(adminKey(userId, 'admin', key));
    return { organizationId: organization.id, userId, createdKey: preset ? null : key.key };
  });
}
