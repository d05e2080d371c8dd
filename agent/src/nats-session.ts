import { agentInboxPrefix } from '@anneal/protocol';
import { connect, jwtAuthenticator, nkeys, type NatsConnection } from 'nats';
import { AgentError, errorMessage } from './errors.js';
import type { ResolvedOptions } from './options.js';

export interface NatsSession {
  nc: NatsConnection;
  /** Stops renewing credentials (the connection is closed by its owner). */
  close(): void;
}

const MIN_RENEW_MS = 1_000;
const RETRY_MS = 30_000;

/**
 * Connects with short-lived credentials for a key pair made here, so the seed never leaves this
 * process, and renews the JWT at half-life. The server drops a connection whose JWT expires; the
 * client then reconnects with the newest JWT. A revoked agent token cannot renew, so its NATS
 * access ends with the JWT it holds.
 */
export async function openNatsSession(o: ResolvedOptions): Promise<NatsSession> {
  const base = { servers: o.servers, name: `anneal-agent ${o.agentId}`, maxReconnectAttempts: -1 };
  if (o.credentials === null) return { nc: await dial(o, base), close: () => undefined };
  const source = o.credentials;
  const user = nkeys.createUser();
  const publicKey = user.getPublicKey();
  let current = await source.issue(publicKey);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = (ms: number): void => {
    if (closed) return;
    timer = setTimeout(() => void renew(), Math.max(MIN_RENEW_MS, ms));
    timer.unref();
  };
  const renew = async (): Promise<void> => {
    try {
      current = await source.issue(publicKey);
      schedule((current.expiresAt.getTime() - Date.now()) / 2);
    } catch (e) {
      const left = current.expiresAt.getTime() - Date.now();
      const refused = e instanceof AgentError && e.code === 'UNAUTHORIZED';
      o.logger[refused ? 'error' : 'warn'](
        { err: errorMessage(e), expiresAt: current.expiresAt.toISOString() },
        refused ? 'the server refused to renew NATS credentials (token revoked?); NATS access ends when they expire'
          : 'could not renew NATS credentials; retrying',
      );
      schedule(Math.min(RETRY_MS, Math.max(left / 4, MIN_RENEW_MS)));
    }
  };
  const nc = await dial(o, {
    ...base,
    authenticator: jwtAuthenticator(() => current.jwt, user.getSeed()),
    inboxPrefix: agentInboxPrefix(publicKey),
  });
  schedule((current.expiresAt.getTime() - Date.now()) / 2);
  return {
    nc,
    close: () => {
      closed = true;
      clearTimeout(timer);
    },
  };
}

async function dial(o: ResolvedOptions, options: Parameters<typeof connect>[0]): Promise<NatsConnection> {
  try {
    return await connect(options);
  } catch (e) {
    throw new AgentError('NATS_UNREACHABLE', `cannot connect to NATS at ${o.servers.join(', ')}: ${errorMessage(e)}`, { cause: e });
  }
}
