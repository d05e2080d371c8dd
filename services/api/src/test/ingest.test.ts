import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';
import { oneTrialSweep, runTrial, sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

describe('telemetry ingest', () => {
  let h: Harness;
  let trials: TrialIdentity[];
  before(async () => {
    h = await startHarness();
    const p = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "ingest"}) { id } }');
    const config = JSON.stringify({ method: 'grid', metric: { name: 'acc', goal: 'maximize' }, parameters: { x: { values: [1, 2, 3, 4] } }, command: ['true'], max_concurrent: 4 });
    const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config } });
    const sweepId = s.data!.createSweep.id;
    trials = await waitFor('trials', async () => {
      const rows: TrialIdentity[] = await h.ds.query(`SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);
      return rows.length === 4 ? rows : null;
    });
  });
  after(async () => { await h.close(); });

  const points = async (trialId: string) => h.ds.query(`SELECT key, step, value FROM metric WHERE trial_id = $1 ORDER BY key, step`, [trialId]);

  test('objective is the last reported value of the metric; replays are idempotent', async () => {
    const t = trials[0]!;
    await runTrial(h, t, [0.5, 0.7, 0.6], 'acc');
    await waitFor('finish', async () => (await h.ds.query(`SELECT status FROM trial WHERE id = $1`, [t.id]))[0].status === 'COMPLETED');
    // The same points again under new message ids (an agent retrying after losing its acks).
    await sendTelemetry(h, t, 10, { type: 'metrics', points: [{ key: 'acc', step: 1, value: 99, t: Date.now() }] });
    await new Promise((r) => setTimeout(r, 300));
    const rows = await points(t.id);
    assert.deepEqual(rows.map((r: { step: number; value: number }) => [r.step, r.value]), [[0, 0.5], [1, 0.7], [2, 0.6]]);
    const [row] = await h.ds.query(`SELECT objective FROM trial WHERE id = $1`, [t.id]);
    assert.equal(row.objective, 0.6);
  });

  test('a replayed large batch (the COPY path) lands once, together with its new points', async () => {
    const t = trials[2]!;
    const batch = (from: number, to: number) => ({
      type: 'metrics', points: Array.from({ length: to - from }, (_, i) => ({ key: 'acc', step: from + i, value: (from + i) / 1000, t: Date.now() })),
    });
    await sendTelemetry(h, t, 0, { type: 'started', host: 'a', at: Date.now() });
    await sendTelemetry(h, t, 1, batch(0, 300));
    await waitFor('first 300', async () => (await points(t.id)).length === 300);
    await sendTelemetry(h, t, 2, batch(0, 350));
    await waitFor('350 points', async () => (await points(t.id)).length === 350);
    await new Promise((r) => setTimeout(r, 200));
    const rows = await points(t.id);
    assert.equal(rows.length, 350);
    assert.deepEqual(rows.map((r: { step: number }) => r.step), Array.from({ length: 350 }, (_, i) => i));
    const [row] = await h.ds.query(`SELECT objective, objective_step FROM trial WHERE id = $1`, [t.id]);
    assert.deepEqual({ ...row }, { objective: 0.349, objective_step: 349 });
  });

  test("telemetry with a wrong lease token, from a superseded attempt or on another organization's subject changes nothing", async () => {
    const t = trials[1]!;
    await sendTelemetry(h, t, 0, { type: 'started', host: 'a', at: Date.now() }, { attempt: 1 });
    await sendTelemetry(h, t, 0, { type: 'started', host: 'b', at: Date.now() }, { attempt: 2 });
    await sendTelemetry(h, t, 1, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.1, t: Date.now() }] }, { attempt: 1 });
    await sendTelemetry(h, t, 2, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.2, t: Date.now() }] }, { attempt: 2, leaseToken: 'x'.repeat(24) });
    // The right lease, but published under another organization (as that organization's agent could).
    await sendTelemetry(h, t, 3, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.4, t: Date.now() }] }, { attempt: 2, organizationId: randomUUID() });
    await sendTelemetry(h, t, 1, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.3, t: Date.now() }] }, { attempt: 2 });
    await waitFor('attempt 2 point', async () => (await points(t.id)).length === 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual((await points(t.id)).map((r: { value: number }) => r.value), [0.3]);
    const [row] = await h.ds.query(`SELECT attempt, status FROM trial WHERE id = $1`, [t.id]);
    assert.deepEqual({ ...row }, { attempt: 2, status: 'RUNNING' });
    assert.ok(h.ingest.stats.dropped >= 3);
  });

  test('malformed and oversized messages are discarded with a count, and ingest goes on', async () => {
    const before = h.ingest.stats.malformed;
    const js = h.nc.jetstream();
    const subject = h.names.org(h.organizationId).telemetrySubject(trials[2]!.sweep_id, trials[2]!.id);
    const stored = (await points(trials[2]!.id)).length;
    await js.publish(subject, new TextEncoder().encode('{not json'));
    await js.publish(subject, new TextEncoder().encode(JSON.stringify({ v: 1, type: 'metrics', trialId: trials[2]!.id })));
    await js.publish(subject, new TextEncoder().encode(JSON.stringify({ v: 99, type: 'started' })));
    await js.publish(subject, new Uint8Array(600 * 1024).fill(32));
    await waitFor('malformed count', async () => h.ingest.stats.malformed - before === 4);
    await sendTelemetry(h, trials[2]!, 3, { type: 'metrics', points: [{ key: 'acc', step: 1000, value: 0.9, t: Date.now() }] });
    await waitFor('the next good message still lands', async () => (await points(trials[2]!.id)).length === stored + 1);
  });

  test('a checkpoint report is recorded once, for PBT to restore from', async () => {
    const t = trials[1]!;
    for (let i = 0; i < 2; i++) {
      await sendTelemetry(h, t, 20 + i, { type: 'checkpoint', step: 4, key: `${t.id}/4`, bytes: 1234 }, { attempt: 2 });
    }
    const rows = await waitFor('checkpoint event', async () => {
      const r = await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'checkpoint'`, [t.id]);
      return r.length > 0 ? r : null;
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await h.ds.query(`SELECT 1 FROM trial_event WHERE trial_id = $1 AND type = 'checkpoint'`, [t.id])).length, 1);
    assert.deepEqual(rows[0].data, { step: 4, key: `${t.id}/4`, bytes: 1234, attempt: 2 });
  });

  test('a failed trial keeps its log tail and error', async () => {
    const t = trials[3]!;
    await sendTelemetry(h, t, 0, { type: 'started', host: 'a', at: Date.now() });
    await sendTelemetry(h, t, 1, { type: 'log', lines: ['loading', 'CUDA out of memory'] });
    await sendTelemetry(h, t, 2, { type: 'finished', status: 'failed', exitCode: 1, error: 'exit code 1', logTail: ['loading', 'CUDA out of memory'], at: Date.now() });
    const row = await waitFor('failed', async () => {
      const [r] = await h.ds.query(`SELECT status, error, log_tail FROM trial WHERE id = $1`, [t.id]);
      return r.status === 'FAILED' ? r : null;
    });
    assert.equal(row.error, 'exit code 1');
    assert.match(row.log_tail, /CUDA out of memory/);
    const trial = await h.gql<{ trial: { status: string; logTail: string; logs: string[] } }>(`{ trial(id: "${t.id}") { status logTail logs(last: 1) } }`);
    assert.equal(trial.data?.trial.status, 'FAILED');
    assert.deepEqual(trial.data?.trial.logs, ['CUDA out of memory']);
  });

  test("a trial's metrics and finish that arrive before its start wait for it, and the trial ends COMPLETED with them", async () => {
    // A redelivered message (after a crash, or one that failed to commit alone) comes back after later ones; what follows its `started` must not be lost.
    const t = await oneTrialSweep(h, 'early');
    await sendTelemetry(h, t, 1, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.8, t: Date.now() }] });
    await sendTelemetry(h, t, 2, { type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await h.ds.query(`SELECT status FROM trial WHERE id = $1`, [t.id]))[0].status, 'QUEUED', 'nothing applies before the start');
    await sendTelemetry(h, t, 0, { type: 'started', host: 'a', at: Date.now() });
    const row = await waitFor('completed', async () => {
      const [r] = await h.ds.query(`SELECT status, objective FROM trial WHERE id = $1`, [t.id]);
      return r.status === 'COMPLETED' ? r : null;
    });
    assert.equal(row.objective, 0.8);
    assert.deepEqual(await points(t.id), [{ key: 'acc', step: 0, value: 0.8 }]);
  });
});
