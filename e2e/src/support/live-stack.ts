import { startStack, type Stack } from '@anneal/cli';
import { FINAL_SWEEP_STATUSES, FINAL_TRIAL_STATUSES, SweepStore } from '@anneal/db';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startPrivateNats, type PrivateNats } from './private-nats.js';

export interface LiveStack {
  stack: Stack;
  /** Scratch folder of this stack (agents' work dirs live under it). */
  home: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** What a failing assertion should print: the sweep's trials as the database holds them, and the stack's last log lines. */
  diagnose(sweepId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * An agent token for `pool`, made over GraphQL with the caller's key and written to a 0600 file
 * for `anneal agent --token-file`: what an admin hands to a GPU box.
 */
export async function agentTokenFile(
  b: Pick<LiveStack, 'gql' | 'home'>, pool = 'default', organizationId?: string,
): Promise<{ file: string; token: string; id: string }> {
  const { createApiKey } = await b.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
    'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id } } }',
    { i: { name: `agent-${pool}-${randomBytes(3).toString('hex')}`, role: 'AGENT', pools: [pool], ...(organizationId ? { organizationId } : {}) } },
  );
  const file = join(b.home, `agent-token-${createApiKey.apiKey.id}`);
  writeFileSync(file, `${createApiKey.key}\n`, { mode: 0o600 });
  return { file, token: createApiKey.key, id: createApiKey.apiKey.id };
}

/**
 * A whole stack (API, scheduler, ingest, local agents) on a throwaway database and its own
 * nats-server with JWT authentication (as `anneal up` runs it), with a GraphQL helper holding the
 * admin key; `close` removes all of it.
 */
export interface LiveStackOptions {
  /** `postgres`: a throwaway database on the test server (default); `embedded`: PGlite under the stack's home. */
  database?: 'postgres' | 'embedded';
  /** `embedded`: the nats-server `anneal up` starts (default); `external`: one configured by `anneal nats init`. */
  nats?: 'embedded' | 'external';
  agentCredentialTtlMs?: number;
}

export async function startLiveStack(label: string, agents: number, slots: number, o: LiveStackOptions = {}): Promise<LiveStack> {
  const db: TestDatabase | null = o.database === 'embedded' ? null : await createTestDatabase(label);
  const nats: PrivateNats | null = o.nats === 'external' ? await startPrivateNats() : null;
  const home = mkdtempSync(join(tmpdir(), `anneal-${label}-`));
  // Passable (not listable) by others: a root `anneal agent` under it runs trainers as nobody.
  chmodSync(home, 0o711);
  // The stack logs to a file, so a test failing on a loaded CI machine can show what happened.
  const logFile = join(home, 'stack.log');
  const stack = await startStack({
    home, databaseUrl: db?.url, natsUrl: nats?.url, natsAccountSeed: nats?.accountSeed,
    namespace: `${label.slice(0, 1).toLowerCase()}${randomBytes(5).toString('hex')}`, apiPort: 0,
    agents, agentSlots: slots, agentCredentialTtlMs: o.agentCredentialTtlMs, logger: pino({ level: process.env.ANNEAL_TEST_LOG ?? 'info' }, pino.destination({ dest: logFile, sync: true })),
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
    diagnose: (sweepId) => diagnose(stack, sweepId, logFile),
    async close() {
      await stack.stop();
      await nats?.stop();
      await db?.drop();
      rmSync(home, { recursive: true, force: true });
      if (nats) rmSync(nats.storeDir, { recursive: true, force: true });
    },
  };
}

export async function createSweep(b: LiveStack, config: Record<string, unknown>, organizationId?: string): Promise<string> {
  const p = await b.gql<{ createProject: { id: string } }>('mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }', {
    i: { name: `bench-${randomBytes(3).toString('hex')}`, ...(organizationId ? { organizationId } : {}) },
  });
  const s = await b.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
    i: { projectId: p.createProject.id, config: JSON.stringify(config) },
  });
  return s.createSweep.id;
}

export async function waitForSweep(b: LiveStack, sweepId: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const sweeps = new SweepStore(b.stack.ds);
  for (;;) {
    const status = (await sweeps.get(sweepId))!.status;
    if (FINAL_SWEEP_STATUSES.includes(status) || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sweep's trials (status, agent, times relative to its creation) and the stack's last 40 log lines. */
export async function diagnose(stack: Stack, sweepId: string, logFile?: string): Promise<string> {
  const rows = await stack.ds.query(
    `SELECT t.number, t.status, t.attempt, t.agent_id, t.parent_trial_id IS NOT NULL AS child,
       round(extract(epoch FROM t.started_at - s.created_at)::numeric, 2) AS started_s,
       round(extract(epoch FROM t.finished_at - s.created_at)::numeric, 2) AS finished_s
     FROM trial t JOIN sweep s ON s.id = t.sweep_id WHERE t.sweep_id = $1 ORDER BY t.number`, [sweepId],
  ) as Array<Record<string, unknown>>;
  const trials = rows.map((r) => `#${r.number} ${r.status} attempt ${r.attempt} agent ${r.agent_id} child ${r.child} started +${r.started_s}s finished +${r.finished_s}s`);
  let log = ['(no stack log)'];
  try {
    if (logFile) log = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-40);
  } catch {
    // The stack's home is gone already; the trials say enough.
  }
  return ['trials:', ...trials, 'stack log (last 40 lines):', ...log].join('\n');
}

/**
 * Waits until no trial of any sweep is waiting or running, so a test that needs all of the
 * agents' slots at once (a PBT population side by side) does not share them with an earlier test.
 */
export async function waitForIdleAgents(b: Pick<LiveStack, 'stack'>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = await b.stack.ds.query(
      `SELECT s.name AS sweep, s.status AS sweep_status, t.number, t.status FROM trial t JOIN sweep s ON s.id = t.sweep_id
       WHERE NOT (t.status = ANY($1))`, [FINAL_TRIAL_STATUSES],
    ) as Array<{ sweep: string; sweep_status: string; number: number; status: string }>;
    if (busy.length === 0) return;
    if (Date.now() > deadline) {
      const which = busy.map((t) => `${t.sweep} (${t.sweep_status}) #${t.number} ${t.status}`).join(', ');
      throw new Error(`trials of earlier tests still hold or wait for agent slots after ${timeoutMs} ms: ${which}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
