import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { runTrial, sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

/** How sweeps and trials end: FAILED sweeps with their reason, and a person's stop told apart from the searcher's. */

const grid = (points: number, maxConcurrent: number) => JSON.stringify({
  method: 'grid', metric: { name: 'loss', goal: 'minimize' },
  parameters: { x: { values: Array.from({ length: points }, (_, i) => i) } },
  command: ['true'], max_concurrent: maxConcurrent,
});

type Row = TrialIdentity & { number: number; status: string };
const trialsOf = (h: Harness, sweepId: string): Promise<Row[]> =>
  h.ds.query(`SELECT id, sweep_id, lease_token, number, status FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);

interface SweepView {
  status: string; statusReason: string | null;
  trialCounts: { completed: number; pruned: number; stopped: number; failed: number; total: number };
  trials: { edges: Array<{ node: { number: number; status: string; error: string | null } }> };
}
async function sweepView(h: Harness, id: string): Promise<SweepView> {
  const r = await h.gql<{ sweep: SweepView }>(
    `query($id: ID!) { sweep(id: $id) { status statusReason trialCounts { completed pruned stopped failed total }
       trials(first: 50, orderBy: NUMBER) { edges { node { number status error } } } } }`, { id },
  );
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data!.sweep;
}

async function newSweep(h: Harness, config: string): Promise<string> {
  const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "p${Math.random().toString(36).slice(2)}"}) { id } }`);
  const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config } });
  assert.equal(s.errors, undefined, JSON.stringify(s.errors));
  return s.data!.createSweep.id;
}

async function fail(h: Harness, t: TrialIdentity, error: string): Promise<void> {
  await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() });
  await sendTelemetry(h, t, 1, { type: 'finished', status: 'failed', exitCode: 1, error, logTail: [], at: Date.now() });
}

/** Runs each queued trial of the sweep in number order with `act`, one at a time, until `count` ran. */
async function runInOrder(h: Harness, sweepId: string, count: number, act: (t: Row) => Promise<void>): Promise<void> {
  for (let n = 0; n < count; n++) {
    const t = await waitFor(`trial ${n} queued`, async () => (await trialsOf(h, sweepId)).find((x) => x.number === n && x.status === 'QUEUED'));
    await act(t);
    await waitFor(`trial ${n} to end`, async () => !['QUEUED', 'RUNNING'].includes((await trialsOf(h, sweepId)).find((x) => x.id === t.id)!.status));
  }
}

describe('how sweeps and trials end', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  test('a sweep whose trials all failed ends FAILED, quoting the last three distinct errors newest first', async () => {
    const sweepId = await newSweep(h, grid(5, 1));
    const errors = ['exit code 2', "cannot start trainer 'python': not found", 'exit code 2', 'exit code 1', 'killed by SIGKILL'];
    await runInOrder(h, sweepId, 5, (t) => fail(h, t, errors[t.number]!));
    const s = await waitFor('the sweep to end', async () => { const v = await sweepView(h, sweepId); return v.status === 'RUNNING' ? null : v; });
    assert.equal(s.status, 'FAILED');
    assert.deepEqual(s.trialCounts, { completed: 0, pruned: 0, stopped: 0, failed: 5, total: 5 });
    assert.equal(s.statusReason, 'all 5 trials failed; last errors: trial 4: killed by SIGKILL | trial 3: exit code 1 | trial 2: exit code 2');
    const [row] = await h.ds.query(`SELECT finished_at FROM sweep WHERE id = $1`, [sweepId]);
    assert.ok(row.finished_at, 'a FAILED sweep has finished');
  });

  test('one completed trial among failures is enough for COMPLETED, with no reason', async () => {
    const sweepId = await newSweep(h, grid(3, 1));
    await runInOrder(h, sweepId, 3, (t) => (t.number === 1 ? runTrial(h, t, [0.5]) : fail(h, t, 'exit code 1')));
    const s = await waitFor('the sweep to end', async () => { const v = await sweepView(h, sweepId); return v.status === 'RUNNING' ? null : v; });
    assert.equal(s.status, 'COMPLETED');
    assert.equal(s.statusReason, null);
    assert.deepEqual(s.trialCounts, { completed: 1, pruned: 0, stopped: 0, failed: 2, total: 3 });
  });

  test("a person's stop ends running and queued trials STOPPED; the searcher's stop ends a trial PRUNED", async () => {
    const sweepId = await newSweep(h, grid(4, 3));
    const trials = await waitFor('three queued trials', async () => { const t = await trialsOf(h, sweepId); return t.length === 3 ? t : null; });
    const [early, running] = trials;
    // Agents say `stopped` for both kinds of stop; while the sweep runs, that was the searcher's decision.
    await sendTelemetry(h, early!, 0, { type: 'started', host: 'test', at: Date.now() });
    await sendTelemetry(h, early!, 1, { type: 'finished', status: 'stopped', exitCode: null, error: 'stopped: early stopping decision', logTail: [], at: Date.now() });
    await waitFor('the early-stopped trial', async () => (await trialsOf(h, sweepId)).find((t) => t.id === early!.id)?.status === 'PRUNED');
    await waitFor('its slot refilled', async () => (await trialsOf(h, sweepId)).length === 4);

    await sendTelemetry(h, running!, 0, { type: 'started', host: 'test', at: Date.now() });
    await waitFor('a running trial', async () => (await trialsOf(h, sweepId)).find((t) => t.id === running!.id)?.status === 'RUNNING');
    const stop = await h.gql<{ stopSweep: { status: string; statusReason: string } }>(`mutation { stopSweep(id: "${sweepId}") { status statusReason } }`);
    assert.equal(stop.errors, undefined, JSON.stringify(stop.errors));
    assert.equal(stop.data!.stopSweep.status, 'STOPPED');
    assert.match(stop.data!.stopSweep.statusReason, /^stopped by \S+@\S+$/, 'who stopped it');
    await sendTelemetry(h, running!, 1, { type: 'metrics', points: [{ key: 'loss', step: 0, value: 1, t: Date.now() }] });
    await sendTelemetry(h, running!, 2, { type: 'finished', status: 'stopped', exitCode: null, error: 'stopped: sweep stopped', logTail: [], at: Date.now() });
    await waitFor('the stopped trial', async () => (await trialsOf(h, sweepId)).find((t) => t.id === running!.id)?.status === 'STOPPED');

    const s = await sweepView(h, sweepId);
    assert.deepEqual(s.trialCounts, { completed: 0, pruned: 1, stopped: 3, failed: 0, total: 4 });
    assert.deepEqual(s.trials.edges.map((e) => [e.node.number, e.node.status]), [[0, 'PRUNED'], [1, 'STOPPED'], [2, 'STOPPED'], [3, 'STOPPED']]);
    const events = await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'finished'`, [running!.id]);
    assert.equal(events[0].data.status, 'STOPPED', "the trial's finished event says STOPPED too");
    // A late message of the stopped trial changes nothing.
    await sendTelemetry(h, running!, 3, { type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await trialsOf(h, sweepId)).find((t) => t.id === running!.id)?.status, 'STOPPED');
  });

  test('stopping one trial: a queued one ends at once, a running one gets a stop request and ends STOPPED; the sweep goes on', async () => {
    const sweepId = await newSweep(h, grid(4, 2));
    const [first, second] = await waitFor('two queued trials', async () => { const t = await trialsOf(h, sweepId); return t.length === 2 ? t : null; });
    const STOP = 'mutation($id: ID!) { stopTrial(id: $id) { status error } }';
    const queued = await h.gql<{ stopTrial: { status: string; error: string } }>(STOP, { id: second!.id });
    assert.equal(queued.errors, undefined, JSON.stringify(queued.errors));
    assert.equal(queued.data!.stopTrial.status, 'STOPPED');
    assert.match(queued.data!.stopTrial.error, /^stopped by \S+ before it started$/);
    await waitFor('its place refilled', async () => (await trialsOf(h, sweepId)).length === 3);

    await sendTelemetry(h, first!, 0, { type: 'started', host: 'test', at: Date.now() });
    await waitFor('a running trial', async () => (await trialsOf(h, sweepId)).find((t) => t.id === first!.id)?.status === 'RUNNING');
    const running = await h.gql<{ stopTrial: { status: string } }>(STOP, { id: first!.id });
    assert.equal(running.data!.stopTrial.status, 'RUNNING', 'it runs until its agent stops it');
    const [outbox] = await h.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE msg_id = $1`, [`stop:${first!.id}`]);
    assert.equal(outbox.n, 1, 'a stop request for its agent');
    await sendTelemetry(h, first!, 1, { type: 'finished', status: 'stopped', exitCode: null, error: 'stopped', logTail: [], at: Date.now() });
    await waitFor('the stopped trial', async () => (await trialsOf(h, sweepId)).find((t) => t.id === first!.id)?.status === 'STOPPED');
    assert.equal((await sweepView(h, sweepId)).status, 'RUNNING', 'the sweep goes on');

    const again = await h.gql(STOP, { id: first!.id });
    assert.equal(again.errors?.[0]?.extensions?.code, 'CONFLICT');
    assert.match(again.errors![0]!.message, /only queued or running trials can be stopped/);
    const viewer = await h.addUser('viewer', h.organizationId);
    const third = (await trialsOf(h, sweepId)).find((t) => t.status === 'QUEUED')!;
    assert.equal((await h.gql(STOP, { id: third.id }, viewer.key)).errors?.[0]?.extensions?.code, 'FORBIDDEN');
    await h.gql(`mutation { stopSweep(id: "${sweepId}") { id } }`);
  });

  test('updateSweep raises max_concurrent and run_cap while the sweep runs; bad values name their field', async () => {
    const sweepId = await newSweep(h, JSON.stringify({ method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, command: ['true'], max_concurrent: 1, run_cap: 2 }));
    await waitFor('one queued trial', async () => (await trialsOf(h, sweepId)).length === 1);
    const before = await h.gql<{ sweep: { runCap: number; maxConcurrent: number } }>('query($id: ID!) { sweep(id: $id) { runCap maxConcurrent } }', { id: sweepId });
    assert.deepEqual(before.data!.sweep, { runCap: 2, maxConcurrent: 1 }, "the config's values until changed");
    const UPDATE = 'mutation($id: ID!, $i: UpdateSweepInput!) { updateSweep(id: $id, input: $i) { maxConcurrent runCap } }';
    const raised = await h.gql<{ updateSweep: { maxConcurrent: number; runCap: number } }>(UPDATE, { id: sweepId, i: { maxConcurrent: 3, runCap: 5 } });
    assert.equal(raised.errors, undefined, JSON.stringify(raised.errors));
    assert.deepEqual(raised.data!.updateSweep, { maxConcurrent: 3, runCap: 5 });
    await waitFor('three trials at once', async () => (await trialsOf(h, sweepId)).length === 3);
    const config = await h.gql<{ sweep: { config: string } }>('query($id: ID!) { sweep(id: $id) { config } }', { id: sweepId });
    assert.match(config.data!.sweep.config, /"run_cap":2/, 'the config stays as written');

    const below = await h.gql(UPDATE, { id: sweepId, i: { runCap: 2 } });
    assert.deepEqual(below.errors?.[0]?.extensions?.problems, [{ path: 'runCap', message: 'must be at least 3' }]);
    const tooMany = await h.gql(UPDATE, { id: sweepId, i: { maxConcurrent: 5000 } });
    assert.deepEqual(tooMany.errors?.[0]?.extensions?.problems, [{ path: 'maxConcurrent', message: 'must be at most 1000' }]);
    assert.equal((await h.gql(UPDATE, { id: sweepId, i: {} })).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');

    // Finish all five: run_cap 5 is now what ends the sweep.
    await runInOrder(h, sweepId, 5, (t) => runTrial(h, t, [0.5]));
    const s = await waitFor('the sweep to end', async () => { const v = await sweepView(h, sweepId); return v.status === 'RUNNING' ? null : v; });
    assert.equal(s.trialCounts.total, 5);
    assert.equal((await h.gql(UPDATE, { id: sweepId, i: { runCap: 10 } })).errors?.[0]?.extensions?.code, 'CONFLICT', 'an ended sweep stays ended');
  });
});

test('validateSweepConfig says what createSweep would, with the config\'s own paths, and creates nothing', async () => {
  const h = await startHarness({ scheduler: false, ingest: false });
  try {
    const CHECK = 'query($c: String!) { validateSweepConfig(config: $c) { ok method problems { path message } warnings { path message } } }';
    const bad = await h.gql<{ validateSweepConfig: { ok: boolean; problems: Array<{ path: string; message: string }> } }>(CHECK, { c: 'method: grid\nparameters:\n  lr: {min: 0.1, max: 0.01}\n' });
    assert.equal(bad.data!.validateSweepConfig.ok, false);
    assert.ok(bad.data!.validateSweepConfig.problems.some((p) => p.path.startsWith('parameters.lr')), JSON.stringify(bad.data));
    const good = await h.gql<{ validateSweepConfig: { ok: boolean; method: string } }>(CHECK, { c: 'method: random\nparameters:\n  lr: {min: 0.01, max: 0.1}\n' });
    assert.deepEqual([good.data!.validateSweepConfig.ok, good.data!.validateSweepConfig.method], [true, 'random']);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM sweep`);
    assert.equal(n, 0);
  } finally {
    await h.close();
  }
});

test('Sweep.parameterImportance ranks the parameter that decides the objective first', async () => {
  const h = await startHarness();
  try {
    const sweepId = await newSweep(h, JSON.stringify({
      method: 'grid', metric: { name: 'loss', goal: 'maximize' }, command: ['true'], max_concurrent: 2,
      parameters: { x: { values: [0, 1, 2, 3, 4] }, y: { values: ['a', 'b'] } },
    }));
    await runInOrder(h, sweepId, 10, async (t) => {
      const [{ params }] = await h.ds.query(`SELECT params FROM trial WHERE id = $1`, [t.id]);
      await runTrial(h, t, [params.x * 2 + (params.y === 'a' ? 0.1 : 0)]);
    });
    const r = await h.gql<{ sweep: { parameterImportance: Array<{ name: string; importance: number }> } }>(
      'query($id: ID!) { sweep(id: $id) { parameterImportance { name importance } } }', { id: sweepId });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const shares = r.data!.sweep.parameterImportance;
    assert.deepEqual(shares.map((s) => s.name), ['x', 'y']);
    assert.ok(shares[0]!.importance > 0.9, JSON.stringify(shares));
  } finally {
    await h.close();
  }
});
