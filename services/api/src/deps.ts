import type { ProtocolNames } from '@anneal/protocol';
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
  /** Wakes the in-process scheduler, when there is one; other replicas hear NATS events. */
  pokeScheduler: () => void;
}
