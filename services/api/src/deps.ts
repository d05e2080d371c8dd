import type { NatsAuthority, ProtocolNames } from '@anneal/protocol';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** What the API's services need from the outside world; built once per process. */
export interface ApiDeps {
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  logger: Logger;
  /** Address agents should use for NATS (what the API itself uses, unless told otherwise). */
  publicNatsUrl: string;
  /** Mints agents' NATS credentials and holds the key that signs assignments. */
  natsAuthority: NatsAuthority;
  /** How long agent NATS credentials live (default one hour); revoking a token takes effect within it. */
  agentCredentialTtlMs?: number;
  /** Wakes the in-process scheduler, when there is one; other replicas hear NATS events. */
  pokeScheduler: () => void;
}
