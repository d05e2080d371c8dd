import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

/** Leaderboard columns: each trial's latest value of chosen metrics, and the keys a sweep has. */
describe('latest metric values', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });
  let sweepId = '';

  test('Trial.latest gives the highest step of each asked key; Sweep.metricKeys lists every key reported', async () => {
    const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "l${Math.random().toString(36).slice(2)}"}) { id } }`);
    const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
      i: { projectId: p.data!.createProject.id, config: JSON.stringify({ method: 'random', parameters: { x: { values: [1, 2] } }, command: ['true'], max_concurrent: 2, run_cap: 2 }) },
    });
    sweepId = s.data!.createSweep.id;
    const trials: TrialIdentity[] = await waitFor('two queued trials', async () => {
      const rows = await h.ds.query(`SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);
      return rows.length === 2 ? rows : null;
    });
    const now = Date.now();
    await sendTelemetry(h, trials[0]!, 0, { type: 'started', host: 'test', at: now });
    // Out of order on purpose: the latest is the highest step, not the last sent.
    await sendTelemetry(h, trials[0]!, 1, { type: 'metrics', points: [
      { key: 'acc', step: 5, value: 0.9, t: now }, { key: 'acc', step: 2, value: 0.5, t: now }, { key: 'lr', step: 5, value: 1e-4, t: now },
    ] });
    await sendTelemetry(h, trials[1]!, 0, { type: 'started', host: 'test', at: now });
    await sendTelemetry(h, trials[1]!, 1, { type: 'metrics', points: [{ key: 'loss', step: 1, value: 2.5, t: now }] });
    type View = { sweep: { metricKeys: string[]; trials: { edges: Array<{ node: { number: number; latest: Array<{ key: string; step: number; value: number }> } }> } } };
    const v = await waitFor('the points stored', async () => {
      const r = await h.gql<View>(`query($id: ID!) { sweep(id: $id) { metricKeys trials(first: 5, orderBy: NUMBER) { edges { node { number latest(keys: ["acc", "loss", "nope"]) { key step value } } } } } }`, { id: sweepId });
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      return r.data!.sweep.metricKeys.length === 3 ? r.data!.sweep : null;
    });
    assert.deepEqual(v.metricKeys, ['acc', 'loss', 'lr']);
    const [a, b] = v.trials.edges.map((e) => e.node);
    assert.deepEqual(a?.latest, [{ key: 'acc', step: 5, value: 0.9 }]);
    assert.deepEqual(b?.latest, [{ key: 'loss', step: 1, value: 2.5 }]);
  });

  test('more than 20 keys is refused with the limit named', async () => {
    const keys = Array.from({ length: 21 }, (_, i) => `k${i}`);
    const r = await h.gql(`query($id: ID!, $k: [String!]!) { sweep(id: $id) { trials(first: 1) { edges { node { latest(keys: $k) { key } } } } } }`, { id: sweepId, k: keys });
    assert.match(JSON.stringify(r.errors), /at most 20 keys \(got 21\)/);
  });
});
