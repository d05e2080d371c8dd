import { startStack, type Stack } from '@anneal/cli';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import { deleteTopology } from '@anneal/protocol';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { pino } from 'pino';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export interface LiveStack {
  stack: Stack;
  /** Scratch folder of this stack (agents' work dirs live under it). */
  home: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A whole stack (API, scheduler, ingest, local agents) on a throwaway database and NATS
 * namespace, with a GraphQL helper holding the admin key; `close` removes all of it.
 */
export async function startLiveStack(label: string, agents: number, slots: number): Promise<LiveStack> {
  const db: TestDatabase = await createTestDatabase(label);
  const home = mkdtempSync(join(tmpdir(), `anneal-${label}-`));
  const stack = await startStack({
    home, databaseUrl: db.url, natsUrl: NATS_URL, namespace: `${label.slice(0, 1).toLowerCase()}${randomBytes(5).toString('hex')}`, apiPort: 0,
    agents, agentSlots: slots, logger: pino({ level: process.env.ANNEAL_TEST_LOG ?? 'silent' }),
  });
  const key = stack.createdAdminKey!;
  return {
    stack,
    home,
    async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await fetch(`${stack.apiUrl}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data as T;
    },
    async close() {
      await stack.stop();
      const nc = await connect({ servers: NATS_URL });
      await deleteTopology(nc, stack.names);
      await nc.close();
      await db.drop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function createSweep(b: LiveStack, config: Record<string, unknown>): Promise<string> {
  const p = await b.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "bench-${randomBytes(3).toString('hex')}"}) { id } }`);
  const s = await b.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
    i: { projectId: p.createProject.id, config: JSON.stringify(config) },
  });
  return s.createSweep.id;
}

export async function waitForSweep(b: LiveStack, sweepId: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await b.stack.ds.query(`SELECT status FROM sweep WHERE id = $1`, [sweepId]);
    if (['COMPLETED', 'STOPPED', 'FAILED'].includes(row.status) || Date.now() > deadline) return row.status;
    await new Promise((r) => setTimeout(r, 50));
  }
}
