import { startAgent, type AgentHandle } from '@anneal/agent';
import { ensureAdmin, startApiServer, TelemetryIngest, type ApiDeps, type ApiServer } from '@anneal/api';
import { createDataSource, migrate } from '@anneal/db';
import { ensureTopology, protocolNames, type ProtocolNames } from '@anneal/protocol';
import { Scheduler } from '@anneal/scheduler';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { startEmbeddedNats } from './embedded/nats.js';
import { startEmbeddedPostgres } from './embedded/postgres.js';

export interface StackOptions {
  home: string;
  databaseUrl?: string | undefined;
  natsUrl?: string | undefined;
  namespace: string;
  apiPort: number;
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
  scheduler: Scheduler;
  ingest: TelemetryIngest;
  agents: AgentHandle[];
  stop(): Promise<void>;
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
    if (!natsUrl) {
      const nats = await startEmbeddedNats(o.home);
      cleanups.push(() => nats.stop());
      natsUrl = nats.url;
      o.logger.info({ url: natsUrl }, 'started a local nats-server (set NATS_URL for your own)');
    }
    const ds = createDataSource({ url: databaseUrl, applicationName: 'anneal-api' });
    await ds.initialize();
    cleanups.push(() => ds.destroy());
    const applied = await migrate(ds);
    if (applied.length > 0) o.logger.info({ applied }, 'applied migrations');
    const admin = await ensureAdmin(ds, o.adminKey);

    const nc = await connect({ servers: natsUrl, name: 'anneal-api', maxReconnectAttempts: -1 });
    cleanups.push(() => nc.drain());
    const names = protocolNames(o.namespace);
    await ensureTopology(nc, names);

    const scheduler = new Scheduler({ ds, nc, names, logger: o.logger.child({ part: 'scheduler' }), intervalMs: 500 });
    const deps: ApiDeps = { ds, nc, names, logger: o.logger.child({ part: 'api' }), publicNatsUrl: natsUrl, pokeScheduler: () => scheduler.poke() };
    const api: ApiServer = await startApiServer(deps, { port: o.apiPort });
    cleanups.push(() => api.close());
    scheduler.start();
    cleanups.push(() => scheduler.stop());
    const ingest = new TelemetryIngest({ ds, nc, names, logger: o.logger.child({ part: 'ingest' }), useCopy: !embeddedDatabase, lanes: embeddedDatabase ? 1 : 2 });
    ingest.start();
    cleanups.push(() => ingest.stop());

    const agents: AgentHandle[] = [];
    for (let i = 0; i < o.agents; i++) {
      const agent = await startAgent({
        natsUrl, namespace: o.namespace, organizationId: admin.organizationId, pool: 'default',
        slots: o.agentSlots ?? 2, workDir: join(o.home, 'agents', `local-${i}`), logger: o.logger.child({ part: `agent-${i}` }),
      });
      agents.push(agent);
      cleanups.push(() => agent.stop());
    }
    return {
      apiUrl: api.url, databaseUrl, natsUrl, organizationId: admin.organizationId, createdAdminKey: admin.createdKey,
      ds, nc, names, scheduler, ingest, agents, stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
