import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

/** A budgeted sweep end to end: the agent's GPU share reaches the trial, spend and budget read back, the sweep ends with the reason. */

interface View {
  status: string; statusReason: string | null;
  budget: { gpuHours: number | null; wallHours: number | null; trials: number | null } | null;
  spend: { gpuHours: number; wallHours: number; trials: number; projectedGpuHours: number | null };
  trials: { edges: Array<{ node: { number: number; gpus: number | null; gpuHours: number | null; wallSeconds: number | null } }> };
}

describe('sweep budgets over GraphQL', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const view = async (id: string): Promise<View> => {
    const r = await h.gql<{ sweep: View }>(
      `query($id: ID!) { sweep(id: $id) { status statusReason budget { gpuHours wallHours trials }
         spend { gpuHours wallHours trials projectedGpuHours }
         trials(first: 10, orderBy: NUMBER) { edges { node { number gpus gpuHours wallSeconds } } } } }`, { id },
    );
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.sweep;
  };

  async function newSweep(config: object): Promise<string> {
    const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "b${Math.random().toString(36).slice(2)}"}) { id } }`);
    const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
      i: { projectId: p.data!.createProject.id, config: JSON.stringify(config) },
    });
    assert.equal(s.errors, undefined, JSON.stringify(s.errors));
    return s.data!.createSweep.id;
  }

  test('a trial that used the GPU budget ends the sweep, which shows spend against budget and why it ended', async () => {
    const id = await newSweep({
      method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } },
      command: ['true'], max_concurrent: 1, budget: { gpu_hours: 0.25, trials: 10 },
    });
    const t: TrialIdentity = await waitFor('a queued trial', async () => (await h.ds.query(
      `SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1 AND status = 'QUEUED'`, [id]))[0]);
    const hourAgo = Date.now() - 3_600_000;
    // Half a GPU (2 trials per GPU) for an hour: 0.5 GPU-hours, twice the budget.
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: hourAgo, gpus: 0.5 });
    await sendTelemetry(h, t, 1, { type: 'metrics', points: [{ key: 'loss', step: 0, value: 0.4, t: Date.now() }] });
    await sendTelemetry(h, t, 2, { type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });
    const v = await waitFor('the sweep to end', async () => { const s = await view(id); return s.status === 'RUNNING' ? null : s; });
    assert.equal(v.status, 'COMPLETED');
    assert.equal(v.statusReason, 'GPU budget reached: 0.5 of 0.25 GPU-hours spent');
    assert.deepEqual(v.budget, { gpuHours: 0.25, wallHours: null, trials: 10 });
    assert.equal(v.spend.trials, 1, 'no trial was created after the budget was used');
    assert.ok(Math.abs(v.spend.gpuHours - 0.5) < 0.01, `spent ${v.spend.gpuHours}`);
    assert.ok(Math.abs((v.spend.projectedGpuHours ?? 0) - 0.5) < 0.01);
    const [trial] = v.trials.edges.map((e) => e.node);
    assert.equal(trial?.gpus, 0.5);
    assert.ok(Math.abs((trial?.gpuHours ?? 0) - 0.5) < 0.01);
    assert.ok(Math.abs((trial?.wallSeconds ?? 0) - 3600) < 30);
  });

  test('a sweep without a budget has null budget and still reports its spend', async () => {
    const id = await newSweep({ method: 'random', parameters: { x: { min: 0, max: 1 } }, command: ['true'], run_cap: 1 });
    const v = await view(id);
    assert.equal(v.budget, null);
    assert.equal(v.spend.projectedGpuHours, null);
    assert.equal(v.spend.gpuHours, 0);
  });

  test('createSweep refuses a bad budget with its path', async () => {
    const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "b${Math.random().toString(36).slice(2)}"}) { id } }`);
    const r = await h.gql('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
      i: { projectId: p.data!.createProject.id, config: JSON.stringify({ method: 'random', parameters: { x: { min: 0, max: 1 } }, budget: { gpu_hours: -1 } }) },
    });
    assert.ok(r.errors, 'refused');
    assert.match(JSON.stringify(r.errors), /budget\.gpu_hours.*greater than 0/);
  });
});
