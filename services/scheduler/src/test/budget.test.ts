import { SweepStore } from '@anneal/db';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

const sweepWith = (budget: object, maxConcurrent: number) => ({
  method: 'random', metric: { name: 'loss', goal: 'minimize' },
  parameters: { x: { min: 0, max: 1 } }, max_concurrent: maxConcurrent, budget,
});

describe('sweep budgets', () => {
  let h: SchedulerHarness;
  before(async () => { h = await startSchedulerHarness(); });
  after(async () => { await h.close(); });

  const queued = async (sweepId: string) => (await h.trials(sweepId)).filter((t) => t.status === 'QUEUED');
  /** Started `minutes` ago holding `gpus` GPUs; still running. */
  const run = (id: string, minutes: number, gpus: number) => h.setTrial(id, { status: 'RUNNING', startedMinutesAgo: minutes, gpus });
  const finishNow = (id: string) => h.setTrial(id, { status: 'COMPLETED', objective: 1, finished: true });
  const sweep = async (id: string) => (await new SweepStore(h.ds).get(id))!;

  test('trials: creates no more than the budget and ends saying so', async () => {
    const id = await h.addSweep(sweepWith({ trials: 3 }, 2));
    assert.equal((await h.tick(id))?.created, 2);
    for (const t of await queued(id)) { await run(t.id, 1, 0); await finishNow(t.id); }
    assert.equal((await h.tick(id))?.created, 1, 'one left in the budget though two slots are free');
    for (const t of await queued(id)) { await run(t.id, 1, 0); await finishNow(t.id); }
    assert.equal((await h.tick(id))?.created, 0);
    const s = await sweep(id);
    assert.equal(s.status, 'COMPLETED');
    assert.equal(s.statusReason, 'trial budget reached: 3 of 3 trials created');
  });

  test('GPU-hours: no trial starts once the trials in flight are expected to use the rest', async () => {
    const id = await h.addSweep(sweepWith({ gpu_hours: 2.5 }, 6));
    assert.equal((await h.tick(id))?.created, 6, 'no trial has finished: nothing to expect yet, so the slots fill');
    const [first, ...others] = await queued(id);
    await run(first!.id, 30, 1);
    await finishNow(first!.id);
    for (const t of others) await run(t.id, 6, 1);
    // Spent 0.5 + 5 × 0.1; expected per trial 0.5, so the five running project 0.5 + 5 × 0.5 = 3 > 2.5.
    assert.equal((await h.tick(id))?.created, 0, 'a slot is free but the budget has no room');
    assert.equal((await sweep(id)).status, 'RUNNING', 'trials are still running');
    const told = await h.told(id);
    const firstCost = Object.values(told).map((t) => t.cost).filter((c) => c !== undefined);
    assert.equal(firstCost.length, 1, 'the finished trial was told with its cost, for cost-aware search');
    assert.ok(Math.abs(firstCost[0]! - 0.5) < 0.01, `cost ${firstCost[0]} GPU-hours`);
    for (const t of others) await finishNow(t.id);
    // Now 1.0 spent, a trial costs about 0.1 (the median): room for 15, slots for 6.
    assert.equal((await h.tick(id))?.created, 6);
  });

  test('GPU-hours: a shared GPU counts its share, and a spent budget ends the sweep with the reason', async () => {
    const id = await h.addSweep(sweepWith({ gpu_hours: 0.25 }, 2));
    await h.tick(id);
    // Two trials for an hour each on a quarter of a GPU (4 slots per GPU): 0.5 GPU-hours in all.
    for (const t of await queued(id)) { await run(t.id, 60, 0.25); await finishNow(t.id); }
    assert.equal((await h.tick(id))?.created, 0);
    const s = await sweep(id);
    assert.equal(s.status, 'COMPLETED');
    assert.match(s.statusReason ?? '', /^GPU budget reached: 0\.5 of 0\.25 GPU-hours spent$/);
  });

  test('wall hours: a sweep past its time starts nothing and ends once its trials are done', async () => {
    const id = await h.addSweep(sweepWith({ wall_hours: 1 }, 2));
    await h.ds.query(`UPDATE sweep SET created_at = now() - interval '2 hours' WHERE id = $1`, [id]);
    assert.equal((await h.tick(id))?.created, 0);
    const s = await sweep(id);
    assert.equal(s.status, 'COMPLETED');
    assert.match(s.statusReason ?? '', /^time budget reached: 2 of 1 hours gone/);
  });
});
