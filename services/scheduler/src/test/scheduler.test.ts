import { DEFAULT_COMMAND } from '@anneal/core';
import { OutboxStore, SweepStore, TrialStore } from '@anneal/db';
import { AssignmentVerifier, assignmentSchema, controlSchema, decodeMessage, SIGNATURE_HEADER, stopRequest } from '@anneal/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { failLostTrials, recordAgents } from '../housekeeping.js';
import { publishOutbox } from '../outbox-publisher.js';
import { describeWarmStart } from '../warm-start.js';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

const grid = (points: number, maxConcurrent: number, extra: object = {}) => ({
  method: 'grid', metric: { name: 'loss', goal: 'minimize' },
  parameters: { x: { values: Array.from({ length: points }, (_, i) => i) } },
  max_concurrent: maxConcurrent, ...extra,
});

describe('sweep ticks', () => {
  let h: SchedulerHarness;
  before(async () => { h = await startSchedulerHarness(); });
  after(async () => { await h.close(); });

  const finish = (id: string, objective: number) => h.setTrial(id, { status: 'COMPLETED', objective, finished: true });

  test('fills free slots with QUEUED trials and one outbox assignment each, then completes the grid', async () => {
    const sweepId = await h.addSweep(grid(3, 2));
    const first = await h.tick(sweepId);
    assert.deepEqual({ ...first, changed: undefined }, { organizationId: h.organizationId, created: 2, status: 'RUNNING', changed: undefined });
    assert.deepEqual((await h.trials(sweepId)).map((t) => t.status), ['QUEUED', 'QUEUED']);
    const outbox = (await new OutboxStore(h.ds).pending(100)).filter((e) => (e.payload as { sweepId?: string }).sweepId === sweepId);
    assert.equal(outbox.length, 2);
    const assignment = assignmentSchema.parse(outbox[0]!.payload);
    assert.equal(outbox[0]!.subject, h.names.org(h.organizationId).assignSubject('default'));
    assert.equal(outbox[0]!.msgId, `${assignment.trialId}:0`);
    assert.deepEqual(assignment.trainer, { type: 'command', command: [...DEFAULT_COMMAND] }, 'no command in the config: the default one');
    assert.equal((await h.tick(sweepId))?.created, 0, 'no free slot, nothing created');

    for (let round = 0; round < 3; round++) {
      const active = (await h.trials(sweepId)).filter((t) => t.status === 'QUEUED');
      for (const t of active) await finish(t.id, 10 - t.number);
      await h.tick(sweepId);
    }
    const done = await h.trials(sweepId);
    assert.deepEqual(done.map((t) => [t.number, t.status, t.told_searcher]), [[0, 'COMPLETED', true], [1, 'COMPLETED', true], [2, 'COMPLETED', true]]);
    assert.equal((await new SweepStore(h.ds).get(sweepId))?.status, 'COMPLETED');
    assert.equal(await h.tick(sweepId), null, 'a finished sweep is not ticked');
  });

  test('a stored warm start reaches the searcher on the first tick and is used up', async () => {
    const warm = [{ params: { x: 1 }, value: 3 }, { params: { x: 2 }, value: 4 }];
    const sweepId = await h.addSweep({ ...grid(0, 1), method: 'bayes', parameters: { x: { min: 0, max: 10 } }, run_cap: 2 }, { warmStart: warm });
    const tickResult = await h.tick(sweepId);
    assert.equal(tickResult?.changed, true);
    const [row] = await h.ds.query(`SELECT searcher_state, warm_start FROM sweep WHERE id = $1`, [sweepId]);
    assert.equal(row.warm_start, null);
    assert.deepEqual(row.searcher_state.warm.map((t: { value: number }) => t.value), [3, 4]);
    const sweep = await new SweepStore(h.ds).lockForScheduling(sweepId);
    assert.equal(sweep?.warmStart, null);
  });

  test('a multi-objective warm start hands over the trials with every value, and says what it used and skipped', async () => {
    const warm = [
      { params: { x: 1 }, values: [0.3, 2] },
      { params: { x: 2 }, values: [0.2, null] }, // the earlier sweep never logged the second objective
      { params: { x: 40 }, values: [0.1, 1] }, // outside this sweep's space
      { params: { x: 3 }, values: [0.4, 3] },
    ];
    const metrics = [{ name: 'val_loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }];
    const sweepId = await h.addSweep({ method: 'bayes', metrics, parameters: { x: { min: 0, max: 10 } }, max_concurrent: 1 }, { warmStart: warm });
    const result = await h.tick(sweepId);
    assert.deepEqual(result?.warmStart, { offered: 4, used: 2, missingValues: 1 });
    assert.equal(describeWarmStart(result!.warmStart!), "warm start: 2 of 4 trials of the earlier sweep used, 2 skipped (1 without a value for every objective; 1 outside this sweep's space or thinned out)");
    const [row] = await h.ds.query(`SELECT searcher_state, warm_start FROM sweep WHERE id = $1`, [sweepId]);
    assert.equal(row.warm_start, null);
    assert.deepEqual(row.searcher_state.warm, [{ params: { x: 1 }, values: [0.3, 2] }, { params: { x: 3 }, values: [0.4, 3] }]);
    assert.equal(result?.created, 1, 'the sweep goes on to propose its own trials');
    assert.equal((await h.tick(sweepId))?.warmStart, undefined, 'reported once: the stored trials are used up');
  });

  test('a paused sweep keeps its trials but gets no new ones', async () => {
    const sweepId = await h.addSweep(grid(4, 2));
    await h.tick(sweepId);
    await new SweepStore(h.ds).setStatus(sweepId, 'PAUSED');
    const [t] = await h.trials(sweepId);
    await finish(t!.id, 1);
    const result = await h.tick(sweepId);
    assert.equal(result?.created, 0);
    assert.equal(result?.status, 'PAUSED');
    assert.equal((await h.trials(sweepId)).length, 2);
    assert.equal(await new TrialStore(h.ds).countActive(sweepId), 1);
  });
});

describe('outbox publishing', () => {
  let h: SchedulerHarness;
  before(async () => { h = await startSchedulerHarness(); });
  after(async () => { await h.close(); });

  test('publishes in order, signs assignments, puts stop keys, and a re-publish after a crash is dropped', async () => {
    const sweepId = await h.addSweep(grid(2, 2));
    await h.tick(sweepId);
    const [trial] = await new TrialStore(h.ds).leaseTokens(sweepId);
    const org = h.names.org(h.organizationId);
    await new OutboxStore(h.ds).enqueue(stopRequest(org, trial!.id, 'test'));

    const signing = { names: h.names, signer: h.signer };
    assert.equal(await publishOutbox(h.ds, h.nc, signing), 3);
    assert.equal(await publishOutbox(h.ds, h.nc, signing), 0, 'published rows are marked');

    const jsm = await h.nc.jetstreamManager();
    assert.equal((await jsm.streams.info(h.names.assignStream)).state.messages, 2);
    const msg = await jsm.streams.getMessage(h.names.assignStream, { seq: 1 });
    const verifier = new AssignmentVerifier(h.signer.publicKey);
    assert.ok(verifier.verify(msg.subject, msg.data, msg.header?.get(SIGNATURE_HEADER)), 'the assignment is signed');

    const kv = await h.nc.jetstream().views.kv(org.controlBucket);
    const stop = await kv.get(trial!.id);
    const decoded = stop ? decodeMessage(controlSchema, stop.value) : null;
    assert.equal(decoded?.ok && decoded.value.reason, 'test');

    // A crash after publishing but before marking: the rows go out again under the same message ids.
    await h.ds.query(`UPDATE outbox SET published_at = NULL`);
    assert.equal(await publishOutbox(h.ds, h.nc, signing), 3);
    assert.equal((await jsm.streams.info(h.names.assignStream)).state.messages, 2, 'JetStream dropped the duplicates by message id');
  });
});

describe('housekeeping', () => {
  let h: SchedulerHarness;
  before(async () => { h = await startSchedulerHarness(); });
  after(async () => { await h.close(); });

  test('a running trial whose agent is gone and whose deliveries are used up ends FAILED; others are left alone', async () => {
    const sweepId = await h.addSweep(grid(3, 3));
    await h.tick(sweepId);
    const [lost, retrying, claimed] = await h.trials(sweepId);
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    await h.ds.query(`UPDATE trial SET status = 'RUNNING', attempt = 4, agent_id = 'gone', heartbeat_at = $2 WHERE id = $1`, [lost!.id, old]);
    await h.ds.query(`UPDATE trial SET status = 'RUNNING', attempt = 2, heartbeat_at = $2 WHERE id = $1`, [retrying!.id, old]);
    await h.ds.query(`UPDATE trial SET status = 'RUNNING', attempt = 4, heartbeat_at = $2 WHERE id = $1`, [claimed!.id, old]);
    const presence = [{
      v: 1 as const, id: 'alive', organizationId: h.organizationId, host: 'box', pool: 'default', slots: 1, gpus: [],
      running: [claimed!.id], version: '0.1.0', startedAt: Date.now() - 1000, heartbeatAt: Date.now(),
    }];
    assert.deepEqual(await failLostTrials(h.ds, presence), [lost!.id]);
    const rows = await h.ds.query(`SELECT id, status, error FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);
    assert.deepEqual(rows.map((t: { status: string }) => t.status), ['FAILED', 'RUNNING', 'RUNNING']);
    assert.match(rows[0].error, /lost: its agent \(gone\)/);
    const [event] = await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'lost'`, [lost!.id]);
    assert.deepEqual(event.data, { agentId: 'gone', attempts: 4 });
    await recordAgents(h.ds, presence);
    const [agent] = await h.ds.query(`SELECT id, host, slots FROM agent WHERE id = 'alive'`);
    assert.deepEqual({ ...agent }, { id: 'alive', host: 'box', slots: 1 });
  });
});
