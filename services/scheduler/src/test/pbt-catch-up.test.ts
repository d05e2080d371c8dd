import { EventStore } from '@anneal/db';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

let h: SchedulerHarness;
before(async () => { h = await startSchedulerHarness(); });
after(async () => { await h.close(); });

/**
 * On a loaded machine the scheduler may look at a PBT sweep only after its population has
 * trained for a while. It must then replay the reports as they came, members side by side:
 * replayed member by member (the old order), the weaker member was judged while its partner
 * had no report yet, and the stronger one only against the weaker's final value, so no exploit
 * ever happened and the sweep ended without a child.
 */
test('a tick that catches up on a PBT population replays its reports in the order they came, and exploits', async () => {
  const id = await h.addSweep({
    method: 'pbt', metric: { name: 'score', goal: 'maximize' }, run_cap: 5, max_concurrent: 2,
    pbt: { population_size: 2, interval: 4, quantile: 0.5, perturb: 0.2, resample_probability: 0 },
    parameters: { lr: { min: 0.1, max: 1 } },
  });
  assert.equal((await h.tick(id))?.created, 2);
  const [weak, strong] = await h.trials(id);
  const events = new EventStore(h.ds);
  const t0 = Date.now() - 60_000;
  // 16 steps each, 150 ms apart, the strong member 10 ms after the weak one; a checkpoint every step.
  for (const [trial, rate, offset] of [[weak!, 1, 0], [strong!, 4, 10]] as const) {
    await h.setTrial(trial.id, { status: 'RUNNING', startedMinutesAgo: 1 });
    await h.report(trial.id, 'score', Array.from({ length: 16 }, (_, step) => [step, rate * (step + 1), t0 + step * 150 + offset] as const));
    for (let step = 0; step < 16; step++) await events.record(trial.id, id, 'checkpoint', { step });
  }

  await h.tick(id);
  const [decision] = await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'decision'`, [weak!.id]);
  assert.equal(decision?.data.decision, 'stop', 'the weak member is stopped by the exploit');
  assert.equal(decision.data.evidence.step, 4, 'at its first interval, where its partner was already ahead');

  // Its agent stops it; the freed slot goes to the child.
  await h.setTrial(weak!.id, { status: 'PRUNED', finished: true });
  await h.tick(id);
  const trials: Array<{ number: number; parent_trial_id: string | null; restore_step: number | null }> = await h.ds.query(
    `SELECT number, parent_trial_id, restore_step FROM trial WHERE sweep_id = $1 ORDER BY number`, [id],
  );
  const child = trials.find((t) => t.parent_trial_id !== null);
  assert.ok(child, `a child was created: ${JSON.stringify(trials)}`);
  assert.equal(child.parent_trial_id, strong!.id, 'the child continues the strong member');
  // The weak member's step 4 came 600 ms in; by then the strong one had reported (and checkpointed) steps 0-3.
  assert.equal(child.restore_step, 3, 'from the checkpoint the strong member had when the weak one was judged');
});
