import { Algorithms, createUser, encodeUser, fromPublic, fromSeed, type KeyPair } from '@nats-io/jwt';
import type { ProtocolNames } from '../names.js';
import { ProtocolError } from '../names.js';
import { agentPermissions } from './agent-permissions.js';
import { AssignmentSigner } from './assignment-signature.js';

/** A NATS user identity: the JWT the server checks and the seed that signs its connect nonce. */
export interface NatsCredentials {
  jwt: string;
  seed: Uint8Array;
}

export interface AgentJwtRequest {
  names: ProtocolNames;
  organizationId: string;
  pools: readonly string[];
  /** The agent's own user public key (U…): its seed never leaves the agent. */
  userPublicKey: string;
  /** Shown in NATS' connection lists. */
  label: string;
  ttlMs: number;
  now?: number;
}

/** Agent credentials live this long unless configured; agents renew them at half-life. */
export const DEFAULT_AGENT_CREDENTIAL_TTL_MS = 60 * 60_000;

/**
 * Holds the NATS account's signing seed: with it the service mints its own credentials and the
 * short-lived, narrowly scoped credentials of agents (decentralized JWT auth, so the server
 * needs no reload to admit a new user), and derives the key that signs assignments.
 */
export class NatsAuthority {
  readonly signer: AssignmentSigner;

  private constructor(private readonly account: KeyPair) {
    this.signer = AssignmentSigner.fromSecret(account.getSeed());
  }

  static fromSeed(seed: string): NatsAuthority {
    const trimmed = seed.trim();
    if (!/^SA[A-Z2-7]{56}$/.test(trimmed)) {
      throw new ProtocolError('BAD_CREDENTIALS', 'the NATS account seed must be an nkey account seed (58 characters starting with SA)');
    }
    try {
      return new NatsAuthority(fromSeed(new TextEncoder().encode(trimmed)));
    } catch (e) {
      throw new ProtocolError('BAD_CREDENTIALS', `the NATS account seed is not valid: ${(e as Error).message}`);
    }
  }

  get accountPublicKey(): string {
    return this.account.getPublicKey();
  }

  /** Full access within the account, for the API, scheduler and ingest. Never leaves the process. */
  async serviceCredentials(label: string): Promise<NatsCredentials> {
    const user = createUser();
    const jwt = await encodeUser(label, user, this.account, {}, { algorithm: Algorithms.v2 });
    return { jwt, seed: user.getSeed() };
  }

  async agentJwt(r: AgentJwtRequest): Promise<{ jwt: string; expiresAt: Date }> {
    try {
      fromPublic(r.userPublicKey);
    } catch {
      throw new ProtocolError('BAD_CREDENTIALS', 'natsUserKey must be an nkey user public key (56 characters starting with U)');
    }
    if (!r.userPublicKey.startsWith('U')) throw new ProtocolError('BAD_CREDENTIALS', 'natsUserKey must be a user public key (starting with U)');
    const exp = Math.floor(((r.now ?? Date.now()) + r.ttlMs) / 1000);
    const permissions = agentPermissions(r.names, r.names.org(r.organizationId), r.pools, r.userPublicKey);
    const jwt = await encodeUser(r.label, r.userPublicKey, this.account, {
      pub: { allow: permissions.pub },
      sub: { allow: permissions.sub },
    }, { algorithm: Algorithms.v2, exp });
    return { jwt, expiresAt: new Date(exp * 1000) };
  }
}
