import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

const twoObjectives = {
  method: 'random', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'gpu_hours', goal: 'minimize' }],
  parameters: { x: { min: 0, max: 1 } }, max_concurrent: 3, run_cap: 3,
};

describe('multi-objective sweeps: values told to the searcher', () => {
  let h: SchedulerHarness;
  before(async () => { h = await startSchedulerHarness(); });
  after(async () => { await h.close(); });

  /** Ran for `minutes` on `gpus` GPUs and ended with `status`. */
  const ended = (id: string, status: string, minutes: number, gpus: number) => h.setTrial(id, { status, startedMinutesAgo: minutes, finished: true, gpus });

  test('the latest reported value and the measured GPU-hours; a missing one is told as failed', async () => {
    const id = await h.addSweep(twoObjectives);
    assert.equal((await h.tick(id))?.created, 3);
    const [a, b, c] = await h.trials(id);
    await h.report(a!.id, 'loss', [[0, 0.9], [5, 0.4]]);
    await ended(a!.id, 'COMPLETED', 60, 0.5);
    await h.report(b!.id, 'loss', [[0, 0.3]]);
    await h.report(b!.id, 'gpu_hours', [[0, 2]]); // the program's own figure wins over the measured one
    await ended(b!.id, 'COMPLETED', 30, 1);
    await ended(c!.id, 'COMPLETED', 30, 1); // never reported loss
    await h.tick(id);
    const state = await h.told(id);
    assert.equal(state[a!.number]!.status, 'completed');
    assert.equal(state[a!.number]!.values![0], 0.4, 'the latest step, not the first');
    assert.ok(Math.abs(state[a!.number]!.values![1]! - 0.5) < 0.01, `an hour on half a GPU: ${state[a!.number]!.values![1]}`);
    assert.deepEqual(state[b!.number]!.values, [0.3, 2]);
    assert.equal(state[c!.number]!.status, 'failed', 'no loss: nothing the front can hold');
    assert.equal(state[c!.number]!.values, undefined);
    const events = await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'objectives_missing'`, [c!.id]);
    assert.deepEqual(events.map((e: { data: unknown }) => e.data), [{ missing: ['loss'], toldSearcher: 'failed' }], 'the trial says why it is on no front');
    const [row] = await h.ds.query(`SELECT metric_name, metric_goal FROM sweep WHERE id = $1`, [id]);
    assert.deepEqual(row, { metric_name: 'loss', metric_goal: 'minimize' }, 'the first objective names the trial objective column');
  });

  test('a single-objective sweep is told as before, without values', async () => {
    const id = await h.addSweep({ ...twoObjectives, metrics: undefined, metric: { name: 'loss', goal: 'minimize' }, run_cap: 1 });
    await h.tick(id);
    const [a] = await h.trials(id);
    await h.ds.query(`UPDATE trial SET objective = 0.5 WHERE id = $1`, [a!.id]);
    await ended(a!.id, 'COMPLETED', 10, 1);
    await h.tick(id);
    const state = await h.told(id);
    assert.equal(state[a!.number]!.status, 'completed');
    assert.equal(state[a!.number]!.values, undefined);
  });
});
