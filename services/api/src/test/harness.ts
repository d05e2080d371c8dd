import { createDataSource, migrate } from '@anneal/db';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import { deleteTopology, ensureTopology, generateServerAuth, NatsAuthority, protocolNames, type ProtocolNames } from '@anneal/protocol';
import { Scheduler } from '@anneal/scheduler';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { pino, type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { generateApiKey } from '../auth/api-keys.js';
import { ensureAdmin } from '../auth/bootstrap.js';
import type { ApiLimits } from '../api-limits.js';
import type { ApiDeps } from '../deps.js';
import { TelemetryIngest } from '../ingest/telemetry-ingest.js';
import { startApiServer, type ApiServer } from '../server.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export interface Harness {
  url: string;
  key: string;
  organizationId: string;
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  scheduler: Scheduler;
  ingest: TelemetryIngest;
  deps: ApiDeps;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; status: number }>;
  addUser(role: 'owner' | 'admin' | 'member' | 'viewer', organizationId?: string): Promise<{ key: string; organizationId: string }>;
  close(): Promise<void>;
}

/** A real API on a fresh database and its own NATS namespace; `close` removes both. */
export interface HarnessOptions {
  scheduler?: boolean;
  ingest?: boolean;
  /** The API's limits; default the environment's. */
  limits?: ApiLimits;
  /** Where the API logs; default pino at ANNEAL_TEST_LOG (silent). */
  logger?: Logger;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase('api');
  const ds = createDataSource({ url: db.url, poolSize: 5 });
  try {
    return await assemble(db, ds, o);
  } catch (e) {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
    throw e;
  }
}

async function assemble(db: TestDatabase, ds: DataSource, o: HarnessOptions): Promise<Harness> {
  await ds.initialize();
  await migrate(ds);
  const admin = await ensureAdmin(ds);
  const nc = await connect({ servers: NATS_URL });
  const names = protocolNames(`t${randomBytes(5).toString('hex')}`);
  await ensureTopology(nc, names);
  const logger = o.logger ?? pino({ level: process.env.ANNEAL_TEST_LOG ?? 'silent' });
  // The shared test NATS takes anyone; the authority still signs assignments and mints agent JWTs.
  const natsAuthority = NatsAuthority.fromSeed(generateServerAuth().accountSeed);
  const scheduler = new Scheduler({ ds, nc, names, signer: natsAuthority.signer, logger, intervalMs: 200 });
  const deps: ApiDeps = { ds, nc, names, logger, publicNatsUrl: NATS_URL, natsAuthority, pokeScheduler: () => scheduler.poke() };
  const server: ApiServer = await startApiServer(deps, { port: 0, host: '127.0.0.1', ...(o.limits ? { limits: o.limits } : {}) });
  const ingest = new TelemetryIngest({ ds, nc, names, logger });
  if (o.scheduler !== false) scheduler.start();
  if (o.ingest !== false) ingest.start();
  const h: Harness = {
    url: server.url,
    key: admin.createdKey!,
    organizationId: admin.organizationId,
    ds, nc, names, scheduler, ingest, deps,
    async gql(query, variables = {}, key = h.key) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { ...((await res.json()) as object), status: res.status };
    },
    async addUser(role, organizationId) {
      const orgId = organizationId ?? randomUUID();
      if (!organizationId) await ds.query(`INSERT INTO organization (id, name) VALUES ($1, $2)`, [orgId, `org-${orgId.slice(0, 8)}`]);
      const userId = randomUUID();
      await ds.query(`INSERT INTO app_user (id, email, name) VALUES ($1, $2, 'Test')`, [userId, `${userId}@test`]);
      await ds.query(`INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, $3)`, [orgId, userId, role]);
      const k = generateApiKey();
      await ds.query(`INSERT INTO api_key (id, user_id, name, prefix, secret_hash) VALUES ($1, $2, 'test', $3, $4)`, [randomUUID(), userId, k.prefix, k.secretHash]);
      return { key: k.key, organizationId: orgId };
    },
    async close() {
      await ingest.stop();
      await scheduler.stop();
      await server.close();
      await deleteTopology(nc, names);
      await nc.close();
      await ds.destroy();
      await db.drop();
    },
  };
  return h;
}
