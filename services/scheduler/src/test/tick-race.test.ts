import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

let h: SchedulerHarness;
before(async () => { h = await startSchedulerHarness(); });
after(async () => { await h.close(); });

/**
 * A tick reads the finished trials, tells them, then counts the active ones, each a statement of
 * its own. A trial whose finish ingest commits in between was neither told nor active, so the
 * tick ended the sweep COMPLETED without telling the searcher about it (a live multi-objective
 * sweep failed 2 runs of 5 this way). It must count as active until it has been told.
 */
test('a trial that finishes while a tick is under way keeps the sweep open until the next tick tells it', async () => {
  const id = await h.addSweep({ method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [0, 1] } }, max_concurrent: 2 });
  assert.equal((await h.tick(id))?.created, 2);
  const [first, second] = await h.trials(id);
  await h.setTrial(first!.id, { status: 'COMPLETED', objective: 1, startedMinutesAgo: 1, finished: true });

  // Hold the first trial's row: the tick reads the outcomes, then waits when it writes about that trial.
  const holder = h.ds.createQueryRunner();
  await holder.startTransaction();
  await holder.query(`SELECT 1 FROM trial WHERE id = $1 FOR UPDATE`, [first!.id]);
  const ticking = h.tick(id);
  await new Promise((r) => setTimeout(r, 300));
  // Meanwhile ingest commits the second trial's finish.
  await h.setTrial(second!.id, { status: 'COMPLETED', objective: 0.5, startedMinutesAgo: 1, finished: true });
  await holder.commitTransaction();
  await holder.release();

  assert.equal((await ticking)?.status, 'RUNNING', 'not COMPLETED while a finished trial is untold');
  assert.equal((await h.tick(id))?.status, 'COMPLETED');
  const told = await h.told(id);
  assert.deepEqual([told[first!.number]?.status, told[second!.number]?.status], ['completed', 'completed']);
});
