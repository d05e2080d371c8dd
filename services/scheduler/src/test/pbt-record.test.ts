import { EventStore } from '@anneal/db';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

let h: SchedulerHarness;
before(async () => { h = await startSchedulerHarness(); });
after(async () => { await h.close(); });

/**
 * One slot for a population of two: the second member starts only once the first has
 * completed. It used to be judged against nobody and never exploit; now the first member's
 * record at the same step is its population, and its child resumes from the checkpoint the
 * first member saved in that interval, not from its end.
 */
test('a PBT member that starts after the others completed is judged against their record, and its child resumes mid-way', async () => {
  const id = await h.addSweep({
    method: 'pbt', metric: { name: 'score', goal: 'maximize' }, run_cap: 3, max_concurrent: 1,
    pbt: { population_size: 2, interval: 4, quantile: 0.5, perturb: 0.2, resample_probability: 0 },
    parameters: { lr: { min: 0.1, max: 1 } },
  });
  const events = new EventStore(h.ds);
  assert.equal((await h.tick(id))?.created, 1, 'one slot');
  const [first] = await h.trials(id);
  await h.setTrial(first!.id, { status: 'RUNNING', startedMinutesAgo: 2 });
  await h.report(first!.id, 'score', Array.from({ length: 12 }, (_, step) => [step, 4 * (step + 1)] as const));
  // Checkpoints sparser than the interval: every third step.
  for (let step = 0; step < 12; step += 3) await events.record(first!.id, id, 'checkpoint', { step });
  await h.tick(id);
  await h.setTrial(first!.id, { status: 'COMPLETED', objective: 48, finished: true });
  await h.tick(id);

  const second = (await h.trials(id))[1];
  assert.ok(second, 'the waiting member starts in the freed slot');
  await h.setTrial(second.id, { status: 'RUNNING', startedMinutesAgo: 1 });
  await h.report(second.id, 'score', Array.from({ length: 5 }, (_, step) => [step, step + 1] as const));
  await h.tick(id);
  const [decision] = await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'decision'`, [second.id]);
  assert.equal(decision?.data.decision, 'stop', 'the late member, behind the record, is replaced');
  assert.equal(decision.data.evidence.step, 4);
  assert.equal(decision.data.evidence.record, 1, 'judged against the completed member');

  await h.setTrial(second.id, { status: 'PRUNED', finished: true });
  await h.tick(id);
  const rows: Array<{ parent_trial_id: string | null; restore_step: number | null }> = await h.ds.query(
    `SELECT parent_trial_id, restore_step FROM trial WHERE sweep_id = $1 AND parent_trial_id IS NOT NULL`, [id],
  );
  assert.deepEqual(rows, [{ parent_trial_id: first!.id, restore_step: 3 }], 'a child of the completed member, from the checkpoint it saved in that interval (step 3), not its end');
});
