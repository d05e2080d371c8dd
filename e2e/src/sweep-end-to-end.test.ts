import { startStack, type Stack } from '@anneal/cli';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { agentTokenFile } from './support/live-stack.js';


/** Deterministic "training": loss falls with steps and depends on the params, so order is known. */
const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
for (let step = 0; step < 5; step++) {
  const loss = (p.lr * 10 - 0.5) ** 2 + p.layers / 10 + 1 / (step + 1);
  console.log('epoch ' + step);
  console.log('@anneal ' + JSON.stringify({ step, loss, acc: 1 - loss / 10 }));
}
setTimeout(() => {}, 200);
`;
const expectedLoss = (lr: number, layers: number, step: number) => (lr * 10 - 0.5) ** 2 + layers / 10 + 1 / (step + 1);

const CONFIG = JSON.stringify({
  name: 'e2e-grid',
  method: 'grid',
  metric: { name: 'loss', goal: 'minimize' },
  parameters: { lr: { values: [0.01, 0.05, 0.1] }, layers: { values: [1, 2, 3] } },
  command: ['node', '-e', TRAINER],
  max_concurrent: 2,
});

let stack: Stack;
let db: TestDatabase;
let home: string;
let key: string;
let cliAgent: ChildProcess;
let cliAgentErr = '';
const ANNEAL_BIN = fileURLToPath(new URL('../../services/cli/bin/anneal.js', import.meta.url));

/** Async on purpose: this process serves the API the CLI talks to, so it must not block. */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ANNEAL_BIN, '--server', stack.apiUrl, '--token', key, ...args], (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${stack.apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

before(async () => {
  db = await createTestDatabase('e2e');
  home = mkdtempSync(join(tmpdir(), 'anneal-e2e-'));
  chmodSync(home, 0o711);
  stack = await startStack({
    home, databaseUrl: db.url, namespace: `e${randomBytes(5).toString('hex')}`, apiPort: 0,
    agents: 1, agentSlots: 1, logger: pino({ level: process.env.ANNEAL_TEST_LOG ?? 'silent' }),
  });
  key = stack.createdAdminKey!;
  // The second agent is a real `anneal agent` process with an agent token: it learns the NATS
  // address from the API and trades the token for NATS credentials.
  const { file } = await agentTokenFile({ home, gql });
  cliAgent = spawn(process.execPath, [ANNEAL_BIN, '--server', stack.apiUrl, 'agent', '--token-file', file, '--slots', '1', '--work-dir', join(home, 'cli-agent')], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANNEAL_HOME: home, ANNEAL_LOG_LEVEL: 'warn' },
  });
  cliAgent.stderr!.on('data', (d: Buffer) => { cliAgentErr += d.toString(); });
  await new Promise<void>((resolve, reject) => {
    cliAgent.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('is taking work')) resolve(); });
    cliAgent.once('exit', (code) => reject(new Error(`anneal agent exited with ${code}: ${cliAgentErr}`)));
  });
});

after(async () => {
  if (cliAgent && cliAgent.exitCode === null) {
    const exited = new Promise((r) => cliAgent.once('exit', r));
    cliAgent.kill('SIGTERM');
    await exited;
  }
  await stack?.stop();
  await db?.drop();
  rmSync(home, { recursive: true, force: true });
});

test('a grid sweep created over GraphQL runs on two agents and every point lands', async () => {
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "e2e"}) { id } }');
  const { createSweep } = await gql<{ createSweep: { id: string; status: string } }>(
    'mutation($i: CreateSweepInput!) { createSweep(input: $i) { id status } }',
    { i: { projectId: createProject.id, config: CONFIG } },
  );
  type SweepView = {
    sweep: {
      status: string;
      bestTrial: { number: number; objective: number } | null;
      trials: { totalCount: number; edges: Array<{ node: { number: number; status: string; objective: number | null; agentId: string; params: { lr: number; layers: number }; metrics: Array<{ key: string; points: Array<{ step: number; value: number }> }> } }> };
    };
  };
  const query = `query($id: ID!) { sweep(id: $id) { status bestTrial { number objective }
    trials(first: 100, orderBy: OBJECTIVE) { totalCount edges { node { number status objective agentId params metrics { key points { step value } } } } } } }`;
  const deadline = Date.now() + 60_000;
  let view: SweepView;
  for (;;) {
    view = await gql<SweepView>(query, { id: createSweep.id });
    if (view.sweep.status === 'COMPLETED' || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(view.sweep.status, 'COMPLETED', `sweep ended as ${view.sweep.status}`);
  const trials = view.sweep.trials.edges.map((e) => e.node);
  assert.equal(view.sweep.trials.totalCount, 9);
  assert.deepEqual(new Set(trials.map((t) => `${t.params.lr}/${t.params.layers}`)).size, 9, 'every grid point exactly once');
  for (const t of trials) {
    assert.equal(t.status, 'COMPLETED');
    assert.ok(Math.abs((t.objective ?? NaN) - expectedLoss(t.params.lr, t.params.layers, 4)) < 1e-12, `trial ${t.number} objective`);
    const byKey = new Map(t.metrics.map((m) => [m.key, m.points]));
    assert.deepEqual([...byKey.keys()].sort(), ['acc', 'loss']);
    assert.deepEqual(byKey.get('loss')!.map((p) => p.step), [0, 1, 2, 3, 4]);
    byKey.get('loss')!.forEach((p) => assert.ok(Math.abs(p.value - expectedLoss(t.params.lr, t.params.layers, p.step)) < 1e-12));
  }
  const objectives = trials.map((t) => t.objective!);
  assert.deepEqual(objectives, [...objectives].sort((a, b) => a - b), 'leaderboard is best first');
  assert.equal(view.sweep.bestTrial?.objective, objectives[0]);
  assert.equal(new Set(trials.map((t) => t.agentId)).size, 2, 'both agents (in-process and `anneal agent`) ran trials');
  const [{ n }] = await stack.ds.query(`SELECT count(*)::int AS n FROM metric`);
  assert.equal(n, 9 * 5 * 2, 'no metric point lost or duplicated');
  const logs = await stack.ds.query(`SELECT count(*)::int AS n FROM trial_log, unnest(lines) AS l WHERE l LIKE 'epoch %'`);
  assert.equal(logs[0].n, 9 * 5, 'plain stdout lines are kept as the log');
});

test('the CLI lists the sweep and prints its leaderboard best first', async () => {
  const ls = await cli(['sweep', 'ls']);
  assert.equal(ls.code, 0, ls.err);
  assert.match(ls.out, /e2e-grid\s+COMPLETED\s+grid\s+9\/9\s+loss/);
  const id = /^([0-9a-f-]{36})\s+e2e\s+e2e-grid/m.exec(ls.out)?.[1];
  assert.ok(id, ls.out);
  const watch = await cli(['sweep', 'watch', id, '--once', '--top', '3']);
  assert.equal(watch.code, 0, watch.err);
  const rows = watch.out.split('\n').filter((l) => /^\d+\s+COMPLETED/.test(l));
  assert.equal(rows.length, 3);
  const objectives = rows.map((l) => Number(l.split(/\s+/)[2]));
  assert.deepEqual(objectives, [...objectives].sort((a, b) => a - b));
  const missing = await cli(['sweep', 'stop', '7b0c9e8e-3c0a-4a53-9d5e-2f7c2b1a0e11']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /does not exist/);

  // Export: every trial, one row each, a column per parameter.
  const csv = await cli(['sweep', 'export', id]);
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.trim().split(/\r?\n/);
  assert.equal(lines.length, 1 + 9);
  assert.match(lines[0]!, /^number,status,objective,created_at,started_at,finished_at,duration_s,param\./);
  assert.ok(lines.slice(1).every((l) => /^\d+,COMPLETED,/.test(l)), csv.out);
  const json = await cli(['sweep', 'export', id, '--format', 'json']);
  assert.equal((JSON.parse(json.out) as unknown[]).length, 9);
  const bad = await cli(['sweep', 'export', id, '--format', 'xlsx']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /--format must be csv or json/);

  // A trial's output, by the number the leaderboard shows: 5 epochs each, the last 2 asked for.
  const logs = await cli(['trial', 'logs', `${id}/4`, '--last', '2']);
  assert.equal(logs.code, 0, logs.err);
  assert.deepEqual(logs.out.trim().split('\n').map((l) => l.replace(/\s.*/, '')), ['epoch', 'epoch'], logs.out);
  const noTrial = await cli(['trial', 'logs', `${id}/99`]);
  assert.equal(noTrial.code, 1);
  assert.match(noTrial.err, /has no trial #99/);
  const badRef = await cli(['trial', 'logs', 'twelve']);
  assert.notEqual(badRef.code, 0);
  assert.match(badRef.err, /neither a trial id nor SWEEP_ID\/NUMBER/);
  const badLast = await cli(['trial', 'logs', `${id}/4`, '--last', '0']);
  assert.match(badLast.err, /--last must be a whole number from 1 to 10000/);
});
