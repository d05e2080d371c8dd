import { initSearcher, primaryMetric } from '@anneal/core';
import { createDataSource, MetricStore, migrate, OrganizationStore, ProjectStore, SweepStore, TelemetryUsageStore, type CapturedWarmTrial } from '@anneal/db';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import { AssignmentSigner, deleteTopology, ensureOrgTopology, ensureTopology, protocolNames, type ProtocolNames } from '@anneal/protocol';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { loadSweepConfig } from '../sweep-config.js';
import { tickSweep, type TickResult } from '../sweep-tick.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A trial row as the tests read it back. */
export interface TrialRow {
  id: string;
  number: number;
  status: string;
  told_searcher: boolean;
}

/** A trial in the sweep's searcher state: what the scheduler told the searcher about it. */
export interface ToldTrial {
  status: string;
  values?: number[];
  infeasible?: true;
  constraints?: Record<string, number>;
  cost?: number;
}

/**
 * Columns a test sets on a trial row, standing in for the agent and ingest that would have
 * written them. Absent fields stay as they are; `null` clears a column.
 */
export interface TrialUpdate {
  status: string;
  objective?: number | null;
  /** started_at this many minutes before now. */
  startedMinutesAgo?: number;
  /** finished_at = now(). */
  finished?: true;
  gpus?: number;
  infeasible?: object | null;
}

/** A fresh database and a NATS namespace of its own, with one organization and project in it. */
export interface SchedulerHarness {
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  signer: AssignmentSigner;
  organizationId: string;
  projectId: string;
  /** Stores a PENDING sweep the way createSweep does; returns its id. */
  addSweep(config: object, o?: { warmStart?: CapturedWarmTrial[] }): Promise<string>;
  /** One scheduler tick of the sweep in a transaction of its own, as the scheduler runs it. */
  tick(sweepId: string): Promise<TickResult | null>;
  /** The sweep's trials in creation order. */
  trials(sweepId: string): Promise<TrialRow[]>;
  setTrial(trialId: string, update: TrialUpdate): Promise<void>;
  /** Stores a trial's metric points, (step, value) pairs reported now or at `at` (ms since the epoch), through the store ingest uses. */
  report(trialId: string, key: string, points: ReadonlyArray<readonly [step: number, value: number, at?: number]>): Promise<void>;
  /** The sweep's searcher state trials, by trial number. */
  told(sweepId: string): Promise<Record<string, ToldTrial>>;
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
    tick: (sweepId) => ds.transaction((em) => tickSweep(em, names, sweepId)),
    trials: (sweepId) => ds.query(`SELECT id, number, status, told_searcher FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]),
    async setTrial(trialId, u) {
      const sets = [`status = $2`];
      const args: unknown[] = [trialId, u.status];
      const set = (column: string, value: unknown, expr = (param: string) => param) => {
        args.push(value);
        sets.push(`${column} = ${expr(`$${args.length}`)}`);
      };
      if (u.objective !== undefined) set('objective', u.objective);
      if (u.startedMinutesAgo !== undefined) set('started_at', u.startedMinutesAgo, (m) => `now() - make_interval(mins => ${m})`);
      if (u.finished) sets.push('finished_at = now()');
      if (u.gpus !== undefined) set('gpus', u.gpus);
      if (u.infeasible !== undefined) set('infeasible', u.infeasible === null ? null : JSON.stringify(u.infeasible), (j) => `${j}::jsonb`);
      await ds.query(`UPDATE trial SET ${sets.join(', ')} WHERE id = $1`, args);
    },
    async report(trialId, key, points) {
      const inserted = await new MetricStore(ds).insert(points.map(([step, value, at]) => ({ trialId, key, step, value, t: at ?? Date.now() })), false);
      // Ingest counts each series as it stores points; readers of a sweep's keys go by that count.
      const known = new Set((await new TelemetryUsageStore(ds).series([{ trialId, key }])).map((u) => u.key));
      await new TelemetryUsageStore(ds).add(inserted.map((s) => ({ trialId: s.trialId, key: s.key, added: s.inserted, created: !known.has(s.key) })), new Map());
    },
    async told(sweepId) {
      const [row] = await ds.query(`SELECT searcher_state FROM sweep WHERE id = $1`, [sweepId]);
      return (row.searcher_state as { trials: Record<string, ToldTrial> }).trials;
    },
    async close() {
      await deleteTopology(nc, names);
      await nc.close();
      await ds.destroy();
      await db.drop();
    },
  };
}
