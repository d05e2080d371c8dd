import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { startHarness, type Harness } from './harness.js';
import { sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

/**
 * warm_start into a sweep of several objectives, end to end: createSweep takes the earlier
 * sweep's completed trials with each new objective's value found by name, the scheduler's first
 * tick hands those with every value to the searcher and logs what it used and skipped.
 */
describe('multi-objective warm start', () => {
  let h: Harness;
  const logged: Array<{ msg: string; sweepId?: string; warmStart?: Record<string, number> }> = [];
  before(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    h = await startHarness({ logger });
  });
  after(async () => { await h.close(); });

  async function create(projectId: string, config: object) {
    return h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId, config: JSON.stringify(config) } });
  }

  /** Started an hour ago on `gpus` GPUs, reported the given metrics at step 0, completed. */
  async function run(t: TrialIdentity, metrics: Record<string, number>, gpus: number): Promise<void> {
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() - 3_600_000, gpus });
    await sendTelemetry(h, t, 1, { type: 'metrics', points: Object.entries(metrics).map(([key, value]) => ({ key, step: 0, value, t: Date.now() })) });
    await sendTelemetry(h, t, 2, { type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });
  }

  test('each trial brings the new objectives by name (reordered, a system metric measured); incomplete and out-of-space ones are skipped and counted', async () => {
    const p = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "mowarm"}) { id } }');
    const projectId = p.data!.createProject.id;
    // The earlier sweep optimized loss alone; its program also logged acc, except on one trial.
    const source = await create(projectId, {
      method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [0.1, 0.2, 0.3, 0.9] } }, command: ['true'], max_concurrent: 4,
    });
    assert.equal(source.errors, undefined, JSON.stringify(source.errors));
    const sourceId = source.data!.createSweep.id;
    const trials: Array<TrialIdentity & { params: { x: number } }> = await waitFor('four queued trials', async () => {
      const rows = await h.ds.query(`SELECT id, sweep_id, lease_token, params FROM trial WHERE sweep_id = $1 ORDER BY number`, [sourceId]);
      return rows.length === 4 ? rows : null;
    });
    const metricsAt: Record<number, Record<string, number>> = { 0.1: { loss: 0.3, acc: 0.8 }, 0.2: { loss: 0.2, acc: 0.6 }, 0.3: { loss: 0.1 }, 0.9: { loss: 0.4, acc: 0.9 } };
    for (const t of trials) await run(t, metricsAt[t.params.x]!, 2);
    await waitFor('the earlier sweep to complete', async () => (await h.ds.query(`SELECT status FROM sweep WHERE id = $1`, [sourceId]))[0].status === 'COMPLETED');
    // A fifth trial, completed but infeasible (as a broken metric constraint leaves it): never offered.
    await h.ds.query(
      `INSERT INTO trial (id, sweep_id, number, status, params, lease_token, infeasible, started_at, finished_at, told_searcher) VALUES (gen_random_uuid(), $1, 4, 'COMPLETED', '{"x": 0.15}', 'done', '{"reason": "constraint", "evidence": "mem"}', now() - interval '1 hour', now(), true)`, [sourceId]);

    const objectives = [{ name: 'acc', goal: 'maximize' }, { name: 'gpu_hours', goal: 'minimize' }, { name: 'loss', goal: 'minimize' }];
    const warm = await create(projectId, {
      method: 'bayes', metrics: objectives, parameters: { x: { min: 0.0, max: 0.5 } }, command: ['true'], max_concurrent: 1, warm_start: { sweep: sourceId },
    });
    assert.equal(warm.errors, undefined, JSON.stringify(warm.errors));
    const warmId = warm.data!.createSweep.id;
    const state = await waitFor('the first tick to warm-start the searcher', async () => {
      const [row] = await h.ds.query(`SELECT searcher_state, warm_start FROM sweep WHERE id = $1`, [warmId]);
      return row.warm_start === null && row.searcher_state.warm ? row.searcher_state : null;
    });
    const got = (state.warm as Array<{ params: { x: number }; values: number[] }>).sort((a, b) => a.params.x - b.params.x);
    assert.deepEqual(got.map((t) => t.params.x), [0.1, 0.2], '0.3 never logged acc; 0.9 is outside the new space');
    for (const [t, [acc, loss]] of [[got[0]!, [0.8, 0.3]], [got[1]!, [0.6, 0.2]]] as const) {
      assert.equal(t.values[0], acc);
      assert.ok(Math.abs(t.values[1]! - 2) < 0.01, `an hour on two GPUs: ${t.values[1]}`);
      assert.equal(t.values[2], loss);
    }
    const line = await waitFor('the warm start in the scheduler log', async () => logged.find((l) => l.sweepId === warmId && l.warmStart));
    assert.deepEqual(line.warmStart, { offered: 4, used: 2, missingValues: 1 });
    assert.equal(line.msg, "warm start: 2 of 4 trials of the earlier sweep used, 2 skipped (1 without a value for every objective; 1 outside this sweep's space or thinned out)");

    // An earlier sweep that never logged an objective could seed nothing: refused, naming it.
    const useless = await create(projectId, {
      method: 'bayes', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'f1', goal: 'maximize' }], parameters: { x: { min: 0.0, max: 1.0 } }, command: ['true'], warm_start: { sweep: sourceId },
    });
    assert.equal(useless.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(useless.errors?.[0]?.message ?? '', /config\.warm_start\.sweep: sweep .* has 4 completed trials, but none has f1: a warm start needs each objective's value \(loss, f1\) logged under that name/);
  });
});
