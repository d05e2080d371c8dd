import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

/** A multi-objective sweep driven by telemetry: each trial's objectives, the front and the Pareto leaderboard over GraphQL. */

interface TrialView { number: number; status: string; objective: number | null; objectives: (number | null)[] | null }
interface View {
  status: string; metricName: string | null;
  objectives: Array<{ name: string; goal: string }> | null;
  paretoFront: TrialView[];
  trials: { edges: Array<{ node: TrialView }> };
}

const TRIAL = 'number status objective objectives';

describe('multi-objective sweeps over GraphQL', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const view = async (id: string, order = 'PARETO'): Promise<View> => {
    const r = await h.gql<{ sweep: View }>(
      `query($id: ID!) { sweep(id: $id) { status metricName objectives { name goal } paretoFront { ${TRIAL} }
         trials(first: 20, orderBy: ${order}) { edges { node { ${TRIAL} } } } } }`, { id },
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.sweep;
  };

  async function newSweep(config: object): Promise<string> {
    const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "m${Math.random().toString(36).slice(2)}"}) { id } }`);
    const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
      i: { projectId: p.data!.createProject.id, config: JSON.stringify(config) },
    });
    assert.equal(s.errors, undefined, JSON.stringify(s.errors));
    return s.data!.createSweep.id;
  }

  const queued = (id: string, n: number) => waitFor(`${n} queued trials`, async () => {
    const rows: Array<TrialIdentity & { number: number }> = await h.ds.query(
      `SELECT id, sweep_id, lease_token, number FROM trial WHERE sweep_id = $1 AND status = 'QUEUED' ORDER BY number`, [id]);
    return rows.length === n ? rows : null;
  });

  /** Started `hoursAgo` on `gpus` GPUs, reported the given metrics at step 0, completed. */
  async function run(t: TrialIdentity, metrics: Record<string, number>, o: { hoursAgo?: number; gpus?: number } = {}): Promise<void> {
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() - (o.hoursAgo ?? 0) * 3_600_000, ...(o.gpus ? { gpus: o.gpus } : {}) });
    await sendTelemetry(h, t, 1, { type: 'metrics', points: Object.entries(metrics).map(([key, value]) => ({ key, step: 0, value, t: Date.now() })) });
    await sendTelemetry(h, t, 2, { type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });
  }

  test('objectives per trial, the non-dominated front extremes first, and the leaderboard by rank then crowding', async () => {
    const id = await newSweep({
      method: 'random', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }],
      parameters: { x: { min: 0, max: 1 } }, command: ['true'], max_concurrent: 5, run_cap: 5,
    });
    const [a, b, c, d, e] = await queued(id, 5);
    await run(a!, { loss: 0.1, acc: 0.5 });
    await run(b!, { loss: 0.3, acc: 0.9 });
    await run(c!, { loss: 0.4, acc: 0.4 }); // dominated by a
    await run(d!, { loss: 0.2, acc: 0.7 });
    await run(e!, { loss: 0.05 }); // never reported acc: on no front
    const v = await waitFor('the sweep to end', async () => { const s = await view(id); return s.status === 'COMPLETED' ? s : null; });
    assert.deepEqual(v.objectives, [{ name: 'loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }]);
    assert.equal(v.metricName, 'loss', 'the first objective is the sweep metric column');
    assert.deepEqual(v.paretoFront.map((t) => t.number), [a!.number, b!.number, d!.number], 'the two extremes (infinite crowding), then the middle');
    assert.deepEqual(v.paretoFront.map((t) => t.objectives), [[0.1, 0.5], [0.3, 0.9], [0.2, 0.7]]);
    const board = v.trials.edges.map((x) => x.node);
    assert.deepEqual(board.map((t) => t.number), [a!.number, b!.number, d!.number, c!.number, e!.number], 'front, then rank 1, then the trial with no place');
    assert.deepEqual(board.at(-1)!.objectives, [0.05, null]);
    assert.equal(board.at(-1)!.objective, 0.05, 'trial.objective keeps the first objective');
    // Offsets go on across the ranked part and the rest without overlap.
    const page = await h.gql<{ sweep: { trials: { edges: Array<{ node: { number: number } }> } } }>(
      `query($id: ID!) { sweep(id: $id) { trials(first: 2, after: "${Buffer.from('o:2').toString('base64url')}", orderBy: PARETO) { edges { node { number } } } } }`, { id });
    assert.deepEqual(page.data!.sweep.trials.edges.map((x) => x.node.number), [c!.number, e!.number]);
  });

  test('a trial that broke a metric constraint is marked infeasible and stays off the front, behind the ranked trials', async () => {
    const id = await newSweep({
      method: 'random', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }],
      constraints: [{ name: 'gpu_mem_gib', max: 70 }],
      parameters: { x: { min: 0, max: 1 } }, command: ['true'], max_concurrent: 3, run_cap: 3,
    });
    const [a, b, c] = await queued(id, 3);
    await run(a!, { loss: 0.01, acc: 0.99, gpu_mem_gib: 75 }); // best on both, but over the memory bound
    await run(b!, { loss: 0.2, acc: 0.6, gpu_mem_gib: 40 });
    await run(c!, { loss: 0.1, acc: 0.5, gpu_mem_gib: 69 });
    const v = await waitFor('the sweep to end', async () => { const s = await view(id); return s.status === 'COMPLETED' ? s : null; });
    // b and c are both extremes of a two-point front (their order is a tie); a comes after them.
    assert.deepEqual(v.paretoFront.map((t) => t.number).sort(), [b!.number, c!.number].sort());
    assert.deepEqual(v.trials.edges.map((x) => x.node.number).at(-1), a!.number);
    const r = await h.gql<{ sweep: { trialCounts: { infeasible: number } } }>('query($id: ID!) { sweep(id: $id) { trialCounts { infeasible } } }', { id });
    assert.equal(r.data?.sweep.trialCounts.infeasible, 1, JSON.stringify(r.errors));
  });

  test('gpu_hours and wall_seconds are measured when the program does not report them', async () => {
    const id = await newSweep({
      method: 'random', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'gpu_hours', goal: 'minimize' }],
      parameters: { x: { min: 0, max: 1 } }, command: ['true'], run_cap: 1,
    });
    const [t] = await queued(id, 1);
    await run(t!, { loss: 0.4 }, { hoursAgo: 1, gpus: 0.5 });
    const v = await waitFor('the sweep to end', async () => { const s = await view(id); return s.status === 'COMPLETED' ? s : null; });
    const [front] = v.paretoFront;
    assert.equal(front?.objectives?.[0], 0.4);
    assert.ok(Math.abs((front?.objectives?.[1] ?? 0) - 0.5) < 0.01, `an hour on half a GPU: ${front?.objectives?.[1]}`);
  });

  test('a single-objective sweep has no objectives, an empty front, and PARETO orders as OBJECTIVE; bad first is refused', async () => {
    const id = await newSweep({ method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, command: ['true'], max_concurrent: 2, run_cap: 2 });
    const [a, b] = await queued(id, 2);
    await run(a!, { loss: 0.9 });
    await run(b!, { loss: 0.1 });
    const v = await waitFor('the sweep to end', async () => { const s = await view(id); return s.status === 'COMPLETED' ? s : null; });
    assert.equal(v.objectives, null);
    assert.deepEqual(v.paretoFront, []);
    assert.deepEqual(v.trials.edges.map((x) => x.node.number), (await view(id, 'OBJECTIVE')).trials.edges.map((x) => x.node.number));
    assert.deepEqual(v.trials.edges.map((x) => x.node.number), [b!.number, a!.number]);
    assert.equal(v.trials.edges[0]!.node.objectives, null);
    for (const first of [0, 1001]) {
      const r = await h.gql(`query($id: ID!) { sweep(id: $id) { paretoFront(first: ${first}) { number } } }`, { id });
      assert.match(JSON.stringify(r.errors), /paretoFront\(first:\) must be an integer from 1 to 1000/);
    }
    const bad = await h.gql(`query($id: ID!) { sweep(id: $id) { trials(orderBy: BEST) { totalCount } } }`, { id });
    assert.ok(bad.errors, 'an unknown order is refused');
  });
});
