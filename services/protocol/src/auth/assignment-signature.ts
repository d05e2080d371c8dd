import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';

/** The NATS header that carries an assignment's signature. */
export const SIGNATURE_HEADER = 'Anneal-Signature';

// DER prefixes that wrap a raw 32-byte Ed25519 seed / public key (RFC 8410), so node:crypto can use them.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * What is signed binds the payload to its subject, and so to one organization and pool: a genuine
 * assignment replayed onto another organization's subject no longer verifies.
 */
function signedBytes(subject: string, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`anneal-assignment-v1\n${subject}\n`), payload]);
}

export class AssignmentSigner {
  private constructor(private readonly key: KeyObject, readonly publicKey: string) {}

  /**
   * The key is derived from the account seed rather than kept as a second secret, so every
   * service process that can mint NATS credentials also signs with the same key.
   */
  static fromSecret(secret: Uint8Array): AssignmentSigner {
    const seed = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'anneal assignment signing v1', 32));
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    const raw = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
    return new AssignmentSigner(key, Buffer.from(raw).toString('base64url'));
  }

  sign(subject: string, payload: Uint8Array): string {
    return sign(null, signedBytes(subject, payload), this.key).toString('base64url');
  }
}

export class AssignmentVerifier {
  private readonly key: KeyObject;

  /** Throws on a key that is not 32 bytes of base64url: a misconfigured agent should not start. */
  constructor(readonly publicKey: string) {
    const raw = Buffer.from(publicKey, 'base64url');
    if (raw.length !== 32 || raw.toString('base64url') !== publicKey) {
      throw new RangeError(`assignment public key must be 32 bytes of base64url, got '${publicKey.slice(0, 60)}'`);
    }
    this.key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  }

  verify(subject: string, payload: Uint8Array, signature: string | undefined): boolean {
    if (!signature || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
    return verify(null, signedBytes(subject, payload), this.key, Buffer.from(signature, 'base64url'));
  }

  /** Short, stable name for logs. */
  get fingerprint(): string {
    return createHash('sha256').update(this.publicKey).digest('hex').slice(0, 12);
  }
}
