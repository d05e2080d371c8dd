import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Keys look like `ank_<prefix>_<secret>`. The prefix is stored in clear for lookup; the secret
 * only as SHA-256. A slow password hash is unnecessary: secrets are 32 random bytes, not
 * something a person chose, so brute force over the hash is hopeless anyway.
 */
const KEY_PATTERN = /^ank_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey { key: string; prefix: string; secretHash: string }

export function generateApiKey(): GeneratedKey {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `ank_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** Splits a presented key; null when it cannot be a key at all. */
export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const m = KEY_PATTERN.exec(key.trim());
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Validates a preset key (ANNEAL_ADMIN_KEY) and derives what is stored for it. */
export function storedFormOf(key: string): GeneratedKey | null {
  const parsed = parseApiKey(key);
  return parsed ? { key, prefix: parsed.prefix, secretHash: hashSecret(parsed.secret) } : null;
}
