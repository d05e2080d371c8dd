import { initSearcher, primaryMetric, type WarmTrial } from '@anneal/core';
import { createDataSource, migrate, OrganizationStore, ProjectStore, SweepStore } from '@anneal/db';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import { AssignmentSigner, deleteTopology, ensureOrgTopology, ensureTopology, protocolNames, type ProtocolNames } from '@anneal/protocol';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { loadSweepConfig } from '../sweep-config.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A fresh database and a NATS namespace of its own, with one organization and project in it. */
export interface SchedulerHarness {
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  signer: AssignmentSigner;
  organizationId: string;
  projectId: string;
  /** Stores a PENDING sweep the way createSweep does; returns its id. */
  addSweep(config: object, o?: { warmStart?: WarmTrial[] }): Promise<string>;
  close(): Promise<void>;
}

export async function startSchedulerHarness(): Promise<SchedulerHarness> {
  const db: TestDatabase = await createTestDatabase('scheduler');
  const ds = createDataSource({ url: db.url, poolSize: 4 });
  await ds.initialize();
  await migrate(ds);
  const nc = await connect({ servers: NATS_URL });
  const names = protocolNames(`t${randomBytes(5).toString('hex')}`);
  await ensureTopology(nc, names);
  const organizationId = randomUUID();
  await new OrganizationStore(ds).insert(organizationId, `org-${organizationId.slice(0, 8)}`);
  await ensureOrgTopology(nc, names, names.org(organizationId), []);
  const project = (await new ProjectStore(ds).insert({ id: randomUUID(), organizationId, name: 'p' }))!;
  return {
    ds, nc, names, organizationId, projectId: project.id,
    signer: AssignmentSigner.fromSecret(randomBytes(32)),
    async addSweep(raw, o = {}) {
      const id = randomUUID();
      const configText = JSON.stringify(raw);
      const config = loadSweepConfig({ id, configText });
      const seed = 7;
      await new SweepStore(ds).insert({
        id, projectId: project.id, name: `s-${id.slice(0, 8)}`, method: config.method, configText, config: config.raw,
        metricName: primaryMetric(config)?.name ?? null, metricGoal: primaryMetric(config)?.goal ?? null, pool: config.pool,
        maxConcurrent: config.maxConcurrent, seed, searcherState: initSearcher(config, seed), warmStart: o.warmStart ?? null, createdBy: null,
      });
      return id;
    },
    async close() {
      await deleteTopology(nc, names);
      await nc.close();
      await ds.destroy();
      await db.drop();
    },
  };
}
