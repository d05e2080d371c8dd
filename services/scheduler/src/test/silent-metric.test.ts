import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SILENT_TRIALS } from '../silent-metric.js';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

let h: SchedulerHarness;
before(async () => { h = await startSchedulerHarness(); });
after(async () => { await h.close(); });

const sweepRow = async (id: string): Promise<{ status: string; status_reason: string | null }> =>
  (await h.ds.query(`SELECT status, status_reason FROM sweep WHERE id = $1`, [id]))[0];

/** Ticks and completes every queued trial (reporting `key` when given, with `objective` as the sweep's value) until `n` trials have completed. */
async function complete(id: string, n: number, o: { key?: string; valuedNumber?: number } = {}): Promise<void> {
  for (let done = 0; done < n;) {
    await h.tick(id);
    const open = (await h.trials(id)).filter((t) => t.status === 'QUEUED');
    if (open.length === 0) return;
    for (const t of open.slice(0, n - done)) {
      if (o.key) await h.report(t.id, o.key, [[0, 0.5]]);
      await h.setTrial(t.id, { status: 'COMPLETED', objective: t.number === o.valuedNumber ? 0.5 : null, startedMinutesAgo: 0, finished: true });
      done += 1;
    }
  }
}

const config = { method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, max_concurrent: 3 };

test(`a sweep whose first ${SILENT_TRIALS} completed trials never reported its metric ends FAILED, naming the metric and what was reported`, async () => {
  const id = await h.addSweep(config);
  await complete(id, SILENT_TRIALS - 1, { key: 'val/loss' });
  await h.tick(id);
  assert.equal((await sweepRow(id)).status, 'RUNNING', `${SILENT_TRIALS - 1} silent trials are not yet enough`);
  await complete(id, 1, { key: 'val/loss' });
  await h.tick(id);
  const { status, status_reason } = await sweepRow(id);
  assert.equal(status, 'FAILED');
  assert.match(status_reason ?? '', new RegExp(`^${SILENT_TRIALS} trials completed without reporting loss, the sweep's metric; they reported val/loss\\.`));
  const created = (await h.trials(id)).length;
  await h.tick(id);
  assert.equal((await h.trials(id)).length, created, 'no trial is created after that');
});

test('trainers that report nothing at all are told how to report', async () => {
  const id = await h.addSweep(config);
  await complete(id, SILENT_TRIALS);
  await h.tick(id);
  const { status, status_reason } = await sweepRow(id);
  assert.equal(status, 'FAILED');
  assert.match(status_reason ?? '', /reported no metric at all: a trainer prints lines such as @anneal \{"step": 0, "loss": 0\.5\}/);
});

test('one trial with a value of the metric keeps the sweep going, however many others lack it', async () => {
  const id = await h.addSweep(config);
  await complete(id, SILENT_TRIALS + 2, { key: 'val/loss', valuedNumber: 0 });
  await h.tick(id);
  assert.equal((await sweepRow(id)).status, 'RUNNING');
});
