import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSweep, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

let live: LiveStack;
before(async () => { live = await startLiveStack('robust', 1, 2); });
after(async () => { await live?.close(); });

const trialOf = async (sweepId: string): Promise<string> => {
  const [row] = await live.stack.ds.query(`SELECT id FROM trial WHERE sweep_id = $1`, [sweepId]);
  return row.id as string;
};
const eventsOf = async (trialId: string, type: string): Promise<Array<Record<string, unknown>>> =>
  (await live.stack.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = $2 ORDER BY id`, [trialId, type])).map((r: { data: Record<string, unknown> }) => r.data);

test('a trainer line with a value that overflows (1e309) costs that value only: its f1 and the 8 other reports are stored', async () => {
  const trainer = `
for (let step = 0; step < 9; step++) {
  if (step === 3) console.log('@anneal {"step": 3, "acc": 1e309, "f1": 0.5}');
  else console.log('@anneal ' + JSON.stringify({ step, acc: step / 10, f1: step / 20 }));
}`;
  const sweepId = await createSweep(live, {
    method: 'grid', metric: { name: 'acc', goal: 'maximize' }, parameters: { x: { values: [1] } }, command: ['node', '-e', trainer], max_concurrent: 1,
  });
  assert.equal(await waitForSweep(live, sweepId, 60_000), 'COMPLETED');
  const trialId = await trialOf(sweepId);
  const rows: Array<{ key: string; step: number; value: number }> = await live.stack.ds.query(
    `SELECT key, step, value FROM metric WHERE trial_id = $1 ORDER BY key, step`, [trialId]);
  assert.equal(rows.length, 8 + 8 + 1, '8 valid reports of acc and f1, and f1 of the bad line');
  assert.deepEqual(rows.filter((r) => r.step === 3).map((r) => ({ ...r })), [{ key: 'f1', step: 3, value: 0.5 }]);
  assert.ok(rows.every((r) => Number.isFinite(r.value)));
  const [trial] = await live.stack.ds.query(`SELECT status, objective FROM trial WHERE id = $1`, [trialId]);
  assert.deepEqual({ ...trial }, { status: 'COMPLETED', objective: 0.8 });
  // The agent says what it dropped, in the trial's own log.
  const { trial: view } = await live.gql<{ trial: { logs: string[] } }>(`{ trial(id: "${trialId}") { logs(last: 50) } }`);
  assert.ok(view.logs.some((l) => l.includes("metric field 'acc' ignored: the value Infinity is not finite")), view.logs.join('\n'));
});

test('a trainer reporting 1,500 distinct keys stores the default 1,000, with one event saying so', async () => {
  const trainer = `
const out = [];
for (let i = 0; i < 1500; i++) out.push('@anneal ' + JSON.stringify({ step: 0, ['k' + String(i).padStart(4, '0')]: i }));
out.push('@anneal ' + JSON.stringify({ step: 1, k0000: 1 }));
console.log(out.join('\\n'));`;
  const sweepId = await createSweep(live, { method: 'grid', parameters: { x: { values: [1] } }, command: ['node', '-e', trainer], max_concurrent: 1 });
  assert.equal(await waitForSweep(live, sweepId, 60_000), 'COMPLETED');
  const trialId = await trialOf(sweepId);
  const [counts] = await live.stack.ds.query(`SELECT count(DISTINCT key)::int AS keys, count(*)::int AS points FROM metric WHERE trial_id = $1`, [trialId]);
  assert.deepEqual({ ...counts }, { keys: 1000, points: 1001 }, 'the first 1,000 keys, and a known key goes on');
  const events = await eventsOf(trialId, 'telemetry_dropped');
  assert.equal(events.length, 1);
  assert.equal(events[0]!.cause, 'metricKeys');
  assert.equal(events[0]!.first, 'k1000');
});
