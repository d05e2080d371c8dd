import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens look like `<scheme>_<prefix>_<secret>`: `ank` for API keys, `ans` for sessions
 * (signing in with a password), `ani` for invites. The prefix is stored in clear for lookup; the
 * secret only as SHA-256. A slow hash is unnecessary here: secrets are 32 random bytes, not
 * something a person chose, so brute force over the hash is hopeless anyway.
 */
export type TokenScheme = 'ank' | 'ans' | 'ani';
const TOKEN_PATTERN = /^(ank|ans|ani)_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey { key: string; prefix: string; secretHash: string }

export function generateToken(scheme: TokenScheme): GeneratedKey {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `${scheme}_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

/** Splits a presented token; null when it cannot be a token at all. */
export function parseToken(text: string): { scheme: TokenScheme; prefix: string; secret: string } | null {
  const m = TOKEN_PATTERN.exec(text.trim());
  return m ? { scheme: m[1] as TokenScheme, prefix: m[2]!, secret: m[3]! } : null;
}

export const generateApiKey = (): GeneratedKey => generateToken('ank');

/** Splits a presented API key; null when it cannot be one. */
export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const parsed = parseToken(key);
  return parsed?.scheme === 'ank' ? parsed : null;
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
