import { startStack } from '@anneal/cli';
import { createTestDatabase } from '@anneal/db/testing';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { spawnAgent, type AgentProcess } from './support/agent-process.js';
import { startPrivateNats } from './support/private-nats.js';
import { agentTokenFile, createSweep, diagnose, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

const STEPS = 40;
const CHECKPOINT_EVERY = 4;

/**
 * Reports loss and acc every 100 ms, checkpoints every CHECKPOINT_EVERY steps and, when given a
 * checkpoint, carries on from the step after it: the steps between that checkpoint and the
 * crash are reported a second time, by the new attempt. Deterministic, so values can be checked.
 */
const TRAINER = `
const fs = require('fs');
const path = require('path');
fs.writeFileSync('trainer.pid', String(process.pid));
const p = JSON.parse(process.env.ANNEAL_PARAMS);
const loss = (s) => (p.lr * 10 - 0.5) ** 2 + 1 / (s + 1);
let step = 0;
if (process.env.ANNEAL_RESTORE_DIR) {
  const saved = JSON.parse(fs.readFileSync(path.join(process.env.ANNEAL_RESTORE_DIR, 'state.json'), 'utf8'));
  console.log('resumed after step ' + saved.step + ' (ANNEAL_RESTORE_STEP=' + process.env.ANNEAL_RESTORE_STEP + ')');
  step = saved.step + 1;
}
function tick() {
  fs.writeFileSync('progress', String(step));
  console.log('epoch ' + step);
  console.log('@anneal ' + JSON.stringify({ step, loss: loss(step), acc: 1 - loss(step) / 10 }));
  if (step % ${CHECKPOINT_EVERY} === ${CHECKPOINT_EVERY - 1}) {
    fs.writeFileSync(path.join(process.env.ANNEAL_CHECKPOINT_DIR, 'state.json'), JSON.stringify({ step }));
    console.log('@anneal ' + JSON.stringify({ checkpoint: true, step }));
  }
  if (++step < ${STEPS}) setTimeout(tick, 100);
}
tick();
`;
const LRS = [0.01, 0.05];
const expected = { loss: (lr: number, s: number) => (lr * 10 - 0.5) ** 2 + 1 / (s + 1), acc: (lr: number, s: number) => 1 - expected.loss(lr, s) / 10 };

let live: LiveStack;
let tokenFile: string | undefined;
const agents: AgentProcess[] = [];
const trainerPids: number[] = [];

before(async () => {
  live = await startLiveStack('crash', 0, 1);
});

after(async () => {
  for (const a of agents) {
    if (a.proc.exitCode !== null || a.proc.signalCode !== null) continue;
    a.proc.kill('SIGTERM');
    await Promise.race([a.exited, new Promise((r) => setTimeout(r, 10_000))]);
    killGroup(a.proc.pid!);
  }
  for (const pid of trainerPids) killGroup(pid);
  await live?.close();
});

/** A real `anneal agent` process, leading its own process group so that one signal takes all of it. */
async function startAgentProcess(workDir: string): Promise<AgentProcess> {
  tokenFile ??= (await agentTokenFile(live)).file;
  const agent = await spawnAgent({ server: live.stack.apiUrl, tokenFile, workDir, home: live.home, detached: true });
  agents.push(agent);
  return agent;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, pollMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

interface Progress { id: string; checkpoint: number | null; last: number | null }

async function progress(sweepId: string): Promise<Progress[]> {
  return live.stack.ds.query(
    `SELECT t.id,
            (SELECT max((e.data->>'step')::int) FROM trial_event e WHERE e.trial_id = t.id AND e.type = 'checkpoint') AS checkpoint,
            (SELECT max(m.step) FROM metric m WHERE m.trial_id = t.id AND m.key = 'loss') AS last
       FROM trial t WHERE t.sweep_id = $1 ORDER BY t.number`,
    [sweepId],
  );
}

test('an agent killed with SIGKILL mid-trial: its trials resume from their checkpoints on another agent, every step stored once', async (t) => {
  const workDir = join(live.home, 'box');
  const agentA = await startAgentProcess(workDir);
  const sweepId = await createSweep(live, {
    name: 'crash', method: 'grid', metric: { name: 'loss', goal: 'minimize' },
    parameters: { lr: { values: LRS } }, command: ['node', '-e', TRAINER], max_concurrent: 2,
  });

  // Each trial has a stored checkpoint and a step past it stored, and its trainer is still short
  // of the next checkpoint (by at least 200 ms): it must resume from exactly that checkpoint.
  const trialDir = (id: string) => join(workDir, 'trials', id);
  // Caught mid-write, the file is empty: read as "unknown", never as step 0.
  const trainerAt = (id: string) => Number(readFileSync(join(trialDir(id), 'progress'), 'utf8') || Infinity);
  const atKill = await until('both trials between checkpoints', 30_000, async () => {
    const p = await progress(sweepId);
    const ready = p.length === 2 && p.every((x) => x.checkpoint !== null && x.last !== null && x.last > x.checkpoint
      && trainerAt(x.id) <= x.checkpoint + CHECKPOINT_EVERY - 2);
    return ready ? p : undefined;
  }, 20);
  for (const trial of atKill) trainerPids.push(Number(readFileSync(join(trialDir(trial.id), 'trainer.pid'), 'utf8')));
  // kill -9 of the agent and of its trainers (each leads its own group): what a crash of the box does.
  const killedAt = Date.now();
  killGroup(agentA.proc.pid!);
  for (const pid of trainerPids) killGroup(pid);
  await agentA.exited;
  await until('the trainers to be gone', 5_000, async () => (trainerPids.some(alive) ? undefined : true));

  // Restarted on the same box: it also publishes whatever agent A had spooled and not sent.
  const agentB = await startAgentProcess(workDir);
  const status = await waitForSweep(live, sweepId, 60_000);
  assert.equal(status, 'COMPLETED');

  type TrialView = {
    id: string; number: number; status: string; attempt: number; agentId: string; objective: number; params: { lr: number };
    events: Array<{ type: string; createdAt: string; data: { attempt?: number; step?: number; status?: string } }>;
    logs: string[];
  };
  const view = await live.gql<{ sweep: { trials: { edges: Array<{ node: TrialView }> } } }>(
    `query($id: ID!) { sweep(id: $id) { trials(first: 10) { edges { node {
      id number status attempt agentId objective params events { type createdAt data } logs(last: 1000) } } } } }`,
    { id: sweepId },
  );
  const trials = view.sweep.trials.edges.map((e) => e.node);
  assert.equal(trials.length, 2);
  for (const trial of trials) {
    const lr = trial.params.lr;
    const before = atKill.find((p) => p.id === trial.id)!;
    assert.equal(trial.status, 'COMPLETED');
    assert.equal(trial.attempt, 2, 'redelivered once, to agent B');
    assert.equal(trial.agentId, agentB.id);
    const started = trial.events.filter((e) => e.type === 'started').map((e) => e.data.attempt);
    assert.deepEqual(started, [1, 2]);
    assert.deepEqual(trial.events.filter((e) => e.type === 'finished').map((e) => [e.data.attempt, e.data.status]), [[2, 'COMPLETED']]);
    const restartedAfterMs = Date.parse(trial.events.find((e) => e.type === 'started' && e.data.attempt === 2)!.createdAt) - killedAt;

    // Resumed from its latest checkpoint, which the trainer read back from ANNEAL_RESTORE_DIR.
    const resumed = trial.logs.map((l) => /^resumed after step (\d+) \(ANNEAL_RESTORE_STEP=(\d+)\)$/.exec(l)).filter((m) => m !== null);
    assert.equal(resumed.length, 1, trial.logs.join('\n'));
    const from = Number(resumed[0]![1]);
    assert.equal(Number(resumed[0]![2]), from, 'the agent and the checkpoint agree on the step');
    assert.equal(from % CHECKPOINT_EVERY, CHECKPOINT_EVERY - 1);
    assert.equal(from, before.checkpoint, 'resumed from the checkpoint stored before the crash');
    assert.ok(trial.logs.some((l) => l.includes(`resuming from this trial's latest checkpoint: ${trial.id}/${from}`)));
    const checkpoints = trial.events.filter((e) => e.type === 'checkpoint').map((e) => e.data.step!);
    assert.ok(checkpoints.includes(from));
    assert.deepEqual(checkpoints, [...new Set(checkpoints)], 'each checkpoint recorded once');

    // Every step once, attempt 1's and attempt 2's reports of the steps in between included.
    assert.ok(before.last! > from, `steps ${from + 1}..${before.last} were reported twice`);
    for (const key of ['loss', 'acc'] as const) {
      const rows: Array<{ step: number; value: number }> = await live.stack.ds.query(
        `SELECT step, value FROM metric WHERE trial_id = $1 AND key = $2 ORDER BY step`, [trial.id, key]);
      assert.deepEqual(rows.map((r) => r.step), Array.from({ length: STEPS }, (_, i) => i), `${key}: no gap, no duplicate`);
      for (const r of rows) assert.ok(Math.abs(r.value - expected[key](lr, r.step)) < 1e-12, `${key} at step ${r.step}`);
    }
    assert.ok(Math.abs(trial.objective - expected.loss(lr, STEPS - 1)) < 1e-12, 'the objective is the last step');

    // Log lines: attempt 1 a gapless run from epoch 0, attempt 2 exactly from the step after the checkpoint.
    const logs: Array<{ attempt: number; line: string }> = await live.stack.ds.query(
      `SELECT l.attempt, x.line FROM trial_log l, unnest(l.lines) WITH ORDINALITY AS x(line, n)
        WHERE l.trial_id = $1 AND x.line LIKE 'epoch %' ORDER BY l.attempt, l.seq, x.n`, [trial.id]);
    const epochs = (attempt: number) => logs.filter((l) => l.attempt === attempt).map((l) => Number(l.line.slice(6)));
    const first = epochs(1);
    assert.deepEqual(first, Array.from({ length: first.length }, (_, i) => i), 'attempt 1: no line lost or doubled');
    // Lines still in the agent's 100 ms log batch when it died went with it (so did the trainer).
    assert.ok(first.length > before.checkpoint!, `attempt 1 logged through epoch ${first.length - 1}`);
    assert.deepEqual(epochs(2), Array.from({ length: STEPS - from - 1 }, (_, i) => from + 1 + i));

    t.diagnostic(`trial ${trial.number}: killed at step ${before.last} (checkpoint ${before.checkpoint}), attempt 2 started ${restartedAfterMs} ms after the kill, resumed after step ${from}`);
  }
  // Agent B published what A had spooled, then its own trials' telemetry: nothing waits on disk.
  await until('no spool files', 5_000, async () => (spoolFiles(workDir).length === 0 ? true : undefined));
});

function spoolFiles(workDir: string): string[] {
  const root = join(workDir, 'spool');
  return existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log')) : [];
}

/** Reports every 50 ms and prints a line per step; no checkpoints, which would need NATS at the wrong moment. */
const STEADY_TRAINER = `
let step = 0;
const timer = setInterval(() => {
  console.log('epoch ' + step);
  console.log('@anneal ' + JSON.stringify({ step, loss: 1 / (step + 1) }));
  if (++step === ${STEPS}) clearInterval(timer);
}, 50);
`;

test('a NATS restart mid-trial loses and doubles nothing, from trainer to Postgres', async (t) => {
  const natsServer = await startPrivateNats();
  const db = await createTestDatabase('natsrestart');
  const home = mkdtempSync(join(tmpdir(), 'anneal-natsrestart-'));
  const stack = await startStack({
    home, databaseUrl: db.url, natsUrl: natsServer.url, natsAccountSeed: natsServer.accountSeed, namespace: `n${randomBytes(5).toString('hex')}`, apiPort: 0,
    agents: 1, agentSlots: 1, logger: pino({ level: process.env.ANNEAL_TEST_LOG ?? 'silent' }),
  });
  try {
    const key = stack.createdAdminKey!;
    const b: LiveStack = {
      stack, home,
      async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
        const res = await fetch(`${stack.apiUrl}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: T; errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data as T;
      },
      diagnose: (sweepId) => diagnose(stack, sweepId),
      close: async () => undefined,
    };
    const sweepId = await createSweep(b, {
      name: 'nats-restart', method: 'grid', metric: { name: 'loss', goal: 'minimize' },
      parameters: { lr: { values: [0.1] } }, command: ['node', '-e', STEADY_TRAINER], max_concurrent: 1,
    });
    const stepOf = async (): Promise<number> => {
      const [row] = await stack.ds.query(`SELECT coalesce(max(m.step), -1) AS s FROM metric m JOIN trial t ON t.id = m.trial_id WHERE t.sweep_id = $1`, [sweepId]);
      return row.s;
    };
    await until('a few steps stored', 30_000, async () => ((await stepOf()) >= 5 ? true : undefined));
    await natsServer.stop();
    const downAt = await stepOf();
    await new Promise((r) => setTimeout(r, 1_500));
    await natsServer.start();
    const status = await waitForSweep(b, sweepId, 60_000);
    assert.equal(status, 'COMPLETED');

    const [trial] = await stack.ds.query(`SELECT id, status, attempt, objective FROM trial WHERE sweep_id = $1`, [sweepId]);
    assert.equal(trial.status, 'COMPLETED');
    assert.equal(trial.attempt, 1, 'the agent lived through it: no redelivery');
    const steps: Array<{ step: number; value: number }> = await stack.ds.query(`SELECT step, value FROM metric WHERE trial_id = $1 AND key = 'loss' ORDER BY step`, [trial.id]);
    assert.deepEqual(steps.map((r) => r.step), Array.from({ length: STEPS }, (_, i) => i));
    for (const r of steps) assert.equal(r.value, 1 / (r.step + 1));
    assert.equal(trial.objective, 1 / STEPS);
    const lines: Array<{ line: string }> = await stack.ds.query(
      `SELECT x.line FROM trial_log l, unnest(l.lines) WITH ORDINALITY AS x(line, n) WHERE l.trial_id = $1 AND x.line LIKE 'epoch %' ORDER BY l.attempt, l.seq, x.n`,
      [trial.id]);
    assert.deepEqual(lines.map((l) => l.line), Array.from({ length: STEPS }, (_, i) => `epoch ${i}`));
    t.diagnostic(`NATS went away at step ${downAt} of ${STEPS} for 1.5 s`);
  } finally {
    await stack.stop();
    await natsServer.stop();
    await db.drop();
    rmSync(home, { recursive: true, force: true });
    rmSync(natsServer.storeDir, { recursive: true, force: true });
  }
});

