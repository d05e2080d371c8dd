import { startAgent, type AgentHandle } from '@anneal/agent';
import { ensureAdmin, startApiServer, TelemetryIngest, type ApiDeps, type ApiServer } from '@anneal/api';
import { createDataSource, migrate } from '@anneal/db';
import { DEFAULT_AGENT_CREDENTIAL_TTL_MS, ensureOrgTopology, ensureTopology, NatsAuthority, protocolNames, type ProtocolNames } from '@anneal/protocol';
import { Scheduler } from '@anneal/scheduler';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, jwtAuthenticator, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { startEmbeddedNats } from './embedded/nats.js';
import { startEmbeddedPostgres } from './embedded/postgres.js';
import { readAccountSeed } from './embedded/nats-auth-dir.js';
import type { AnnealEnv } from './env.js';
import { CliError } from './errors.js';

export interface StackOptions {
  home: string;
  databaseUrl?: string | undefined;
  natsUrl?: string | undefined;
  /** With natsUrl: the account seed its nats-server trusts (`anneal nats init`). */
  natsAccountSeed?: string | undefined;
  namespace: string;
  /** Where the API (and the embedded NATS) listen; 127.0.0.1 unless set. */
  host?: string | undefined;
  /** The embedded NATS's port; default a free one. */
  natsPort?: number | undefined;
  apiPort: number;
  /** Lifetime of agents' NATS credentials; default one hour. */
  agentCredentialTtlMs?: number | undefined;
  adminKey?: string | undefined;
  agents: number;
  agentSlots?: number;
  logger: Logger;
}

export interface Stack {
  apiUrl: string;
  databaseUrl: string;
  natsUrl: string;
  organizationId: string;
  /** Set only on the first start, when the admin key was generated here. */
  createdAdminKey: string | null;
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  /** Mints NATS credentials; holds the assignment signing key. */
  natsAuthority: NatsAuthority;
  scheduler: Scheduler;
  ingest: TelemetryIngest;
  agents: AgentHandle[];
  stop(): Promise<void>;
}

/** The stack options that come from ANNEAL_NATS_ACCOUNT_SEED_FILE, ANNEAL_NATS_PORT and ANNEAL_AGENT_CREDENTIAL_TTL. */
export function natsAuthFromEnv(env: AnnealEnv): Pick<StackOptions, 'natsAccountSeed' | 'agentCredentialTtlMs' | 'natsPort'> {
  return {
    natsPort: env.ANNEAL_NATS_PORT,
    natsAccountSeed: env.ANNEAL_NATS_ACCOUNT_SEED_FILE ? readAccountSeed(env.ANNEAL_NATS_ACCOUNT_SEED_FILE) : undefined,
    agentCredentialTtlMs: env.ANNEAL_AGENT_CREDENTIAL_TTL * 1000,
  };
}

/**
 * Everything `anneal up` runs, in one process: database and NATS (embedded unless URLs are
 * given), migrations, the API, the scheduler, telemetry ingest and local agents.
 */
export async function startStack(o: StackOptions): Promise<Stack> {
  mkdirSync(o.home, { recursive: true });
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => o.logger.warn({ err: e }, 'shutdown step failed'));
  };
  try {
    let databaseUrl = o.databaseUrl;
    const embeddedDatabase = !databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(o.home);
      cleanups.push(() => pg.stop());
      databaseUrl = pg.url;
      o.logger.info({ dataDir: join(o.home, 'pgdata') }, 'using embedded PGlite (set DATABASE_URL for a Postgres server)');
    }
    let natsUrl = o.natsUrl;
    let authority: NatsAuthority;
    if (natsUrl) {
      if (!o.natsAccountSeed) {
        throw new CliError('NATS_AUTH_MISSING', `NATS_URL is set but ANNEAL_NATS_ACCOUNT_SEED_FILE is not. Anneal uses NATS only with authentication: run \`anneal nats init DIR\`, start nats-server with DIR/nats.conf, and set ANNEAL_NATS_ACCOUNT_SEED_FILE=DIR/account.seed`);
      }
      authority = NatsAuthority.fromSeed(o.natsAccountSeed);
    } else {
      const nats = await startEmbeddedNats(o.home, { host: o.host, port: o.natsPort });
      cleanups.push(() => nats.stop());
      natsUrl = nats.url;
      authority = nats.authority;
      o.logger.info({ url: natsUrl }, 'started a local nats-server with JWT authentication (set NATS_URL for your own)');
    }
    const ds = createDataSource({ url: databaseUrl, applicationName: 'anneal-api' });
    await ds.initialize();
    cleanups.push(() => ds.destroy());
    const applied = await migrate(ds);
    if (applied.length > 0) o.logger.info({ applied }, 'applied migrations');
    const admin = await ensureAdmin(ds, o.adminKey);

    const service = await authority.serviceCredentials('anneal-api');
    const nc = await connect({ servers: natsUrl, name: 'anneal-api', maxReconnectAttempts: -1, authenticator: jwtAuthenticator(service.jwt, service.seed) });
    cleanups.push(() => nc.drain());
    const names = protocolNames(o.namespace);
    await ensureTopology(nc, names);
    const ttlMs = o.agentCredentialTtlMs ?? DEFAULT_AGENT_CREDENTIAL_TTL_MS;

    const scheduler = new Scheduler({ ds, nc, names, signer: authority.signer, logger: o.logger.child({ part: 'scheduler' }), intervalMs: 500 });
    const deps: ApiDeps = {
      ds, nc, names, logger: o.logger.child({ part: 'api' }), publicNatsUrl: natsUrl, natsAuthority: authority, agentCredentialTtlMs: ttlMs,
      pokeScheduler: () => scheduler.poke(),
    };
    const api: ApiServer = await startApiServer(deps, { port: o.apiPort, host: o.host ?? '127.0.0.1' });
    cleanups.push(() => api.close());
    scheduler.start();
    cleanups.push(() => scheduler.stop());
    const ingest = new TelemetryIngest({ ds, nc, names, logger: o.logger.child({ part: 'ingest' }), useCopy: !embeddedDatabase, lanes: embeddedDatabase ? 1 : 2 });
    ingest.start();
    cleanups.push(() => ingest.stop());

    const agents: AgentHandle[] = [];
    // Local agents live in this process, which holds the account seed anyway: they get their
    // scoped credentials straight from the authority instead of through an agent token.
    if (o.agents > 0) await ensureOrgTopology(nc, names, names.org(admin.organizationId), ['default']);
    const localCredentials = {
      issue: (userPublicKey: string) => authority.agentJwt({ names, organizationId: admin.organizationId, pools: ['default'], userPublicKey, label: 'local agent', ttlMs }),
    };
    for (let i = 0; i < o.agents; i++) {
      const agent = await startAgent({
        natsUrl, namespace: o.namespace, organizationId: admin.organizationId, pool: 'default',
        credentials: localCredentials, assignmentKey: authority.signer.publicKey,
        slots: o.agentSlots ?? 2, workDir: join(o.home, 'agents', `local-${i}`), logger: o.logger.child({ part: `agent-${i}` }),
      });
      agents.push(agent);
      cleanups.push(() => agent.stop());
    }
    return {
      apiUrl: api.url, databaseUrl, natsUrl, organizationId: admin.organizationId, createdAdminKey: admin.createdKey,
      ds, nc, names, natsAuthority: authority, scheduler, ingest, agents, stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
