import { Scheduler } from '@anneal/scheduler';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { startHarness, type Harness } from './harness.js';
import { runTrial, waitFor, type TrialIdentity } from './telemetry.js';

const grid = (points: number, maxConcurrent: number) => JSON.stringify({
  method: 'grid', metric: { name: 'loss', goal: 'minimize' },
  parameters: { x: { values: Array.from({ length: points }, (_, i) => i) } },
  command: ['true'], max_concurrent: maxConcurrent,
});

async function newSweep(h: Harness, config: string): Promise<string> {
  const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "p${Math.random().toString(36).slice(2)}"}) { id } }`);
  const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config } });
  assert.equal(s.errors, undefined, JSON.stringify(s.errors));
  return s.data!.createSweep.id;
}

const trialsOf = (h: Harness, sweepId: string): Promise<Array<TrialIdentity & { number: number; status: string }>> =>
  h.ds.query(`SELECT id, sweep_id, lease_token, number, status FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);

async function assignStreamCount(h: Harness): Promise<number> {
  const info = await (await h.nc.jetstreamManager()).streams.info(h.names.assignStream);
  return info.state.messages;
}

describe('scheduler', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  test('keeps max_concurrent trials in flight, refills as they finish, completes when the grid is done', async () => {
    const sweepId = await newSweep(h, grid(5, 2));
    await waitFor('two queued trials', async () => (await trialsOf(h, sweepId)).length === 2);
    // The outbox is published after the tick's transaction commits, so the rows show first.
    await waitFor('two assignments published', async () => (await assignStreamCount(h)) >= 2);
    assert.equal(await assignStreamCount(h), 2, 'one assignment per trial');
    for (let done = 0; done < 5; done++) {
      const pending = (await trialsOf(h, sweepId)).find((t) => t.status === 'QUEUED');
      assert.ok(pending, `a queued trial after ${done} finished`);
      await runTrial(h, pending, [3, 2, 1 + pending.number]);
      await waitFor(`trial ${pending.number} to finish`, async () => (await trialsOf(h, sweepId)).find((t) => t.id === pending.id)?.status === 'COMPLETED');
      const active = (await trialsOf(h, sweepId)).filter((t) => t.status === 'QUEUED' || t.status === 'RUNNING');
      assert.ok(active.length <= 2, 'never more than max_concurrent');
    }
    const status = await waitFor('completion', async () => {
      const [s] = await h.ds.query(`SELECT status FROM sweep WHERE id = $1`, [sweepId]);
      return s.status === 'COMPLETED' ? s.status : null;
    });
    assert.equal(status, 'COMPLETED');
    const trials = await trialsOf(h, sweepId);
    assert.deepEqual(trials.map((t) => t.number), [0, 1, 2, 3, 4], 'each grid point once');
    const best = await h.gql<{ sweep: { bestTrial: { number: number; objective: number } } }>(`{ sweep(id: "${sweepId}") { bestTrial { number objective } } }`);
    assert.deepEqual(best.data?.sweep.bestTrial, { number: 0, objective: 1 });
    const events = await h.gql<{ trial: { events: Array<{ type: string; trialNumber: number; data: Record<string, unknown> }> } }>(`{ trial(id: "${trials[0]!.id}") { events { type trialNumber data } } }`);
    assert.deepEqual(events.data?.trial.events.map((e) => e.type), ['created', 'started', 'finished']);
    assert.equal(events.data?.trial.events[2]?.data.status, 'COMPLETED');
    const decisions = await h.gql<{ sweep: { decisions: unknown[] } }>(`{ sweep(id: "${sweepId}") { decisions { type } } }`);
    assert.deepEqual(decisions.data?.sweep.decisions, [], 'grid search makes no stopping decisions');
  });

  test('pause holds new trials back, resume refills, stop ends queued trials and tells agents', async () => {
    const sweepId = await newSweep(h, grid(6, 2));
    await waitFor('first trials', async () => (await trialsOf(h, sweepId)).length === 2);
    assert.equal((await h.gql<{ pauseSweep: { status: string } }>(`mutation { pauseSweep(id: "${sweepId}") { status } }`)).data?.pauseSweep.status, 'PAUSED');
    const [first] = await trialsOf(h, sweepId);
    await runTrial(h, first!, [1]);
    await waitFor('trial to finish', async () => (await trialsOf(h, sweepId))[0]?.status === 'COMPLETED');
    h.scheduler.poke();
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await trialsOf(h, sweepId)).length, 2, 'no new trial while paused');
    const again = await h.gql(`mutation { pauseSweep(id: "${sweepId}") { status } }`);
    assert.equal(again.errors?.[0]?.extensions?.code, 'CONFLICT');
    await h.gql(`mutation { resumeSweep(id: "${sweepId}") { status } }`);
    await waitFor('refill after resume', async () => (await trialsOf(h, sweepId)).length === 3);
    assert.equal((await h.gql<{ stopSweep: { status: string } }>(`mutation { stopSweep(id: "${sweepId}") { status } }`)).data?.stopSweep.status, 'STOPPED');
    const after = await trialsOf(h, sweepId);
    assert.ok(after.filter((t) => t.number > 0).every((t) => t.status === 'STOPPED'), 'queued trials end STOPPED (a person stopped them, not the searcher)');
    const kv = await h.nc.jetstream().views.kv(h.names.org(h.organizationId).controlBucket);
    await waitFor('stop decisions in the control bucket', async () => {
      for (const t of after.filter((x) => x.number > 0)) if (!(await kv.get(t.id))) return false;
      return true;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await trialsOf(h, sweepId)).length, 3, 'a stopped sweep creates nothing more');
  });

  test('warm_start seeds a new sweep with an earlier sweep\'s finished trials, and refuses a sweep it cannot use', async () => {
    const sourceId = await newSweep(h, grid(3, 3));
    const sourceTrials = await waitFor('trials', async () => { const t = await trialsOf(h, sourceId); return t.length === 3 ? t : null; });
    for (const t of sourceTrials) await runTrial(h, t, [10 - t.number]);
    await waitFor('source sweep done', async () => (await h.ds.query(`SELECT status FROM sweep WHERE id = $1`, [sourceId]))[0].status === 'COMPLETED');
    const p = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "warm"}) { id } }');
    const create = (config: object) => h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
      i: { projectId: p.data!.createProject.id, config: JSON.stringify(config) },
    });
    const base = { method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 10 } }, command: ['true'], max_concurrent: 1 };
    const warm = await create({ ...base, warm_start: { sweep: sourceId } });
    assert.equal(warm.errors, undefined, JSON.stringify(warm.errors));
    // createSweep stores the source's trials; the scheduler's first tick tells the searcher.
    const state = await waitFor('the first tick to warm-start the searcher', async () => {
      const [row] = await h.ds.query(`SELECT searcher_state, warm_start FROM sweep WHERE id = $1`, [warm.data!.createSweep.id]);
      return row.warm_start === null && row.searcher_state.warm ? row.searcher_state : null;
    });
    assert.deepEqual(state.warm.map((t: { value: number }) => t.value).sort((a: number, b: number) => a - b), [8, 9, 10]);
    const unknown = await create({ ...base, warm_start: { sweep: '7b0c9e8e-3c0a-4a53-9d5e-2f7c2b1a0e11' } });
    assert.equal(unknown.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(unknown.errors?.[0]?.message ?? '', /config\.warm_start\.sweep: sweep .* does not exist/);
    const otherMetric = await create({ ...base, metric: { name: 'loss', goal: 'maximize' }, warm_start: { sweep: sourceId } });
    assert.match(otherMetric.errors?.[0]?.message ?? '', /optimized minimize loss; this one maximize loss/);
  });

  test('only one scheduler leads', async () => {
    await waitFor('the harness scheduler to lead', async () => h.scheduler.isLeader);
    const second = new Scheduler({ ds: h.ds, nc: h.nc, names: h.names, signer: h.deps.natsAuthority.signer, logger: pino({ level: 'silent' }) });
    second.start();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.scheduler.isLeader, true);
    assert.equal(second.isLeader, false);
    await second.stop();
  });
});
