import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { PROTOCOL_VERSION } from '@anneal/protocol';
import fc from 'fast-check';
import { pino } from 'pino';
import { TelemetryIngest } from '../ingest/telemetry-ingest.js';
import { startHarness, type Harness } from './harness.js';
import { organizationOf, sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

const encoder = new TextEncoder();

describe('telemetry robustness: bad points, dead letters, limits', () => {
  let h: Harness;
  let trials: TrialIdentity[];
  let next = 0;
  /** A fresh, started trial for each test (and each property run). */
  const freshTrial = async (): Promise<TrialIdentity> => {
    const t = trials[next++];
    assert.ok(t, 'the sweep has run out of trials');
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() });
    return t;
  };

  before(async () => {
    h = await startHarness();
    const p = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "robust"}) { id } }');
    const config = JSON.stringify({ method: 'grid', metric: { name: 'acc', goal: 'maximize' }, parameters: { x: { values: Array.from({ length: 120 }, (_, i) => i) } }, command: ['true'], max_concurrent: 120 });
    const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config } });
    const sweepId = s.data!.createSweep.id;
    trials = await waitFor('trials', async () => {
      const rows: TrialIdentity[] = await h.ds.query(`SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);
      return rows.length === 120 ? rows : null;
    }, 30_000);
    // Nothing runs these trials: keep the scheduler from ending them as lost while the tests speak for them.
    await h.scheduler.stop();
  });
  after(async () => { await h.close(); });

  /** Publishes a message as raw JSON, bypassing the sender's validation, as a buggy agent could. */
  const sendRaw = async (t: TrialIdentity, seq: number, body: Record<string, unknown>, msgID?: string): Promise<void> => {
    const msg = { v: PROTOCOL_VERSION, trialId: t.id, sweepId: t.sweep_id, leaseToken: t.lease_token, attempt: 1, agentId: 'test-agent', seq, ...body };
    const subject = h.names.org(await organizationOf(h, t.id)).telemetrySubject(t.sweep_id, t.id);
    await h.nc.jetstream().publish(subject, encoder.encode(JSON.stringify(msg)), { msgID: msgID ?? `${t.id}:1:${seq}` });
  };
  /** Everything published so far has been committed and acked. */
  const idle = async (): Promise<void> => {
    const jsm = await h.nc.jetstreamManager();
    await waitFor('ingest to drain', async () => {
      const c = await jsm.consumers.info(h.names.telemetryStream, h.names.ingestConsumer);
      return c.num_pending === 0 && c.num_ack_pending === 0;
    }, 30_000);
  };
  const stored = async (trialId: string): Promise<Array<{ key: string; step: number; value: number }>> =>
    (await h.ds.query(`SELECT key, step, value FROM metric WHERE trial_id = $1 ORDER BY key, step`, [trialId])).map((r: { key: string; step: number; value: number }) => ({ ...r }));
  const droppedEvents = async (trialId: string): Promise<Array<Record<string, unknown>>> =>
    (await h.ds.query(`SELECT data FROM trial_event WHERE trial_id = $1 AND type = 'telemetry_dropped' ORDER BY id`, [trialId])).map((r: { data: Record<string, unknown> }) => r.data);
  /** As `limits:` in the config document the sweep row keeps. */
  const setLimits = async (t: TrialIdentity, limits: Record<string, number>): Promise<void> => {
    await h.ds.query(`UPDATE sweep SET config = jsonb_set(config, '{limits}', $2::jsonb) WHERE id = $1`, [t.sweep_id, JSON.stringify(limits)]);
  };

  test('a value that overflowed to null costs that point only, with one event for its message, also when replayed', async () => {
    const t = await freshTrial();
    const now = Date.now();
    // What `@anneal {"step": 3, "acc": 1e309, "f1": 0.5}` became on the wire before the agent's fix: acc is null.
    const points = [
      ...Array.from({ length: 8 }, (_, i) => ({ key: 'acc', step: i < 3 ? i : i + 1, value: i / 10, t: now })),
      { key: 'acc', step: 3, value: null, t: now },
      { key: 'f1', step: 3, value: 0.5, t: now },
    ];
    await sendRaw(t, 1, { type: 'metrics', points });
    await sendRaw(t, 1, { type: 'metrics', points }, `${t.id}:1:1:again`);
    await idle();
    const rows = await stored(t.id);
    assert.equal(rows.length, 9);
    assert.deepEqual(rows.find((r) => r.step === 3), { key: 'f1', step: 3, value: 0.5 });
    const events = await droppedEvents(t.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.cause, 'invalid');
    assert.equal(events[0]!.dropped, 1);
    assert.deepEqual(events[0]!.examples, [{ key: 'acc', step: 3, reason: 'value must be a finite number' }]);
    const [row] = await h.ds.query(`SELECT objective, objective_step FROM trial WHERE id = $1`, [t.id]);
    assert.deepEqual({ ...row }, { objective: 0.7, objective_step: 8 });
  });

  test('messages for no trial go to the dead-letter stream with a count, acked, and their neighbours land', async () => {
    const t = await freshTrial();
    const before = h.ingest.stats.deadLettered;
    const js = h.nc.jetstream();
    const subject = h.names.org(h.organizationId).telemetrySubject(t.sweep_id, t.id);
    await js.publish(subject, encoder.encode('{not json'));
    await sendRaw(t, 1, { type: 'metrics', points: 'many' });
    await sendRaw({ ...t, id: randomUUID() }, 1, { type: 'metrics', points: [{ key: 'a', step: 0, value: 1, t: 0 }] });
    await sendTelemetry(h, t, 2, { type: 'metrics', points: [{ key: 'ok', step: 0, value: 1, t: Date.now() }] });
    await idle();
    assert.deepEqual(await stored(t.id), [{ key: 'ok', step: 0, value: 1 }]);
    assert.equal(h.ingest.stats.deadLettered - before, 3);
    const jsm = await h.nc.jetstreamManager();
    const info = await jsm.streams.info(h.names.deadLetterStream);
    assert.ok(info.state.messages >= 3);
    const letters = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) letters.push(await jsm.streams.getMessage(h.names.deadLetterStream, { seq }));
    const reasons = letters.map((l) => l.header.get('Anneal-Reason'));
    for (const expected of [/^not JSON/, /^points: /, /^unknown trial /]) assert.ok(reasons.some((r) => expected.test(r)), `${expected} in ${reasons.join(' | ')}`);
    assert.ok(letters.every((l) => /\.telemetry\./.test(l.header.get('Anneal-Subject'))));
    // Nothing is left waiting in the telemetry stream (a work queue keeps only what is unacked).
    assert.equal((await jsm.streams.info(h.names.telemetryStream)).state.messages, 0);
  });

  test('metricKeys: points of new keys past the limit are dropped with one event; known keys go on, after a restart too', async () => {
    const t = await freshTrial();
    await setLimits(t, { metric_keys: 3 });
    const now = Date.now();
    await sendTelemetry(h, t, 1, { type: 'metrics', points: ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, step: 0, value: 1, t: now })) });
    await idle();
    await sendTelemetry(h, t, 2, { type: 'metrics', points: ['a', 'f', 'c'].map((key) => ({ key, step: 1, value: 2, t: now })) });
    await idle();
    // A new ingest process, as after an API restart: the counts come from the database.
    await h.ingest.stop();
    const restarted = new TelemetryIngest({ ds: h.ds, nc: h.nc, names: h.names, logger: pino({ level: 'silent' }) });
    restarted.start();
    try {
      await sendTelemetry(h, t, 3, { type: 'metrics', points: ['g', 'b'].map((key) => ({ key, step: 2, value: 3, t: now })) });
      await idle();
    } finally {
      await restarted.stop();
      h.ingest.start();
    }
    const keys = [...new Set((await stored(t.id)).map((r) => r.key))];
    assert.deepEqual(keys, ['a', 'b', 'c']);
    assert.equal((await stored(t.id)).length, 3 + 2 + 1);
    const events = await droppedEvents(t.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.cause, 'metricKeys');
    assert.equal(events[0]!.limit, 3);
    assert.equal(events[0]!.first, 'd');
  });

  test("the limits come from the sweep config's `limits:` as written", async () => {
    h.scheduler.start();
    let t: TrialIdentity;
    try {
      const projects = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "limited"}) { id } }');
      const config = 'method: grid\nparameters: {x: {values: [1]}}\ncommand: ["true"]\nlimits: {metric_keys: 2, points_per_series: 3}\n';
      const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: projects.data!.createProject.id, config } });
      assert.ok(s.data, JSON.stringify(s.errors));
      t = await waitFor('the trial', async () => (await h.ds.query(`SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1`, [s.data!.createSweep.id]))[0]);
    } finally {
      await h.scheduler.stop();
    }
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() });
    const now = Date.now();
    await sendTelemetry(h, t, 1, { type: 'metrics', points: ['a', 'b', 'c'].flatMap((key) => [0, 1, 2, 3].map((step) => ({ key, step, value: step, t: now }))) });
    await idle();
    const rows = await stored(t.id);
    assert.deepEqual(rows.map((r) => `${r.key}@${r.step}`), ['a@0', 'a@1', 'a@2', 'b@0', 'b@1', 'b@2']);
    assert.deepEqual((await droppedEvents(t.id)).map((e) => e.cause).sort(), ['metricKeys', 'pointsPerSeries']);
  });

  test('metricKeys holds exactly when two ingest processes take the same trial at once', async () => {
    const t = await freshTrial();
    await setLimits(t, { metric_keys: 25 });
    const second = new TelemetryIngest({ ds: h.ds, nc: h.nc, names: h.names, logger: pino({ level: 'silent' }) });
    second.start();
    try {
      const now = Date.now();
      await Promise.all(Array.from({ length: 40 }, (_, i) =>
        sendTelemetry(h, t, 1 + i, { type: 'metrics', points: [{ key: `k${i}`, step: 0, value: i, t: now }, { key: `k${i}`, step: 1, value: i, t: now }] })));
      await idle();
    } finally {
      await second.stop();
    }
    const rows = await stored(t.id);
    assert.equal(new Set(rows.map((r) => r.key)).size, 25);
    assert.equal(rows.length, 50);
    const [usage] = await h.ds.query(`SELECT metric_keys FROM trial_usage WHERE trial_id = $1`, [t.id]);
    assert.equal(usage.metric_keys, 25);
    assert.equal((await droppedEvents(t.id)).length, 1);
  });

  test('pointsPerSeries: points past the limit are dropped with one event, replays count once, other series go on', async () => {
    const t = await freshTrial();
    await setLimits(t, { points_per_series: 10 });
    const batch = (key: string, from: number, to: number) => ({ type: 'metrics', points: Array.from({ length: to - from }, (_, i) => ({ key, step: from + i, value: from + i, t: Date.now() })) });
    await sendTelemetry(h, t, 1, batch('loss', 0, 6));
    await idle();
    // A replay of the first six under a new id, then more than fit.
    await sendTelemetry(h, t, 2, batch('loss', 0, 6));
    await idle();
    await sendTelemetry(h, t, 3, batch('loss', 6, 15));
    await sendTelemetry(h, t, 4, batch('acc', 0, 3));
    await idle();
    await sendTelemetry(h, t, 5, batch('loss', 15, 20));
    await idle();
    const rows = await stored(t.id);
    assert.deepEqual(rows.filter((r) => r.key === 'loss').map((r) => r.step), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(rows.filter((r) => r.key === 'acc').length, 3);
    const events = await droppedEvents(t.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.cause, 'pointsPerSeries');
    assert.equal(events[0]!.first, 'loss@10');
  });

  test('logBytes: lines past the limit are dropped with one event', async () => {
    const t = await freshTrial();
    await setLimits(t, { log_bytes: 100 });
    await sendTelemetry(h, t, 1, { type: 'log', lines: ['x'.repeat(40), 'é'.repeat(20)] }); // 40 + 40 bytes
    await idle();
    await sendTelemetry(h, t, 2, { type: 'log', lines: ['y'.repeat(20), 'z'.repeat(5)] }); // 20 fit, 5 do not
    await idle();
    await sendTelemetry(h, t, 3, { type: 'log', lines: ['w'] });
    await idle();
    const [bytes] = await h.ds.query(`SELECT sum(octet_length(array_to_string(lines, '')))::int AS n FROM trial_log WHERE trial_id = $1`, [t.id]);
    assert.equal(bytes.n, 100);
    const [usage] = await h.ds.query(`SELECT log_bytes FROM trial_usage WHERE trial_id = $1`, [t.id]);
    assert.equal(Number(usage.log_bytes), 100);
    const events = await droppedEvents(t.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.cause, 'logBytes');
  });

  test('property: with random valid and invalid points, duplicates and replays, every valid point is stored exactly once', async () => {
    const validPoint = fc.record({
      key: fc.constantFrom('loss', 'acc', 'f1', 'lr', 'system/gpu0/util', 'naïve ✓'),
      step: fc.integer({ min: 0, max: 30 }),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
      t: fc.integer({ min: 0, max: 2 ** 45 }),
    });
    const invalidPoint = fc.oneof(
      validPoint.map((p) => ({ ...p, value: null })), // Infinity or NaN after JSON.stringify
      validPoint.map((p) => ({ ...p, value: String(p.value) })),
      validPoint.map(({ step: _, ...p }) => p),
      validPoint.map((p) => ({ ...p, step: -1 })),
      validPoint.map((p) => ({ ...p, step: p.step + 0.5 })),
      validPoint.map((p) => ({ ...p, step: 2 ** 31 })),
      validPoint.map((p) => ({ ...p, key: '' })),
      validPoint.map((p) => ({ ...p, key: 'k'.repeat(201 + p.step * 1000) })),
      validPoint.map((p) => ({ ...p, key: 42 })),
      validPoint.map((p) => ({ ...p, t: -5 })),
      validPoint.map((p) => ({ ...p, t: 9e15 })), // past what a Date holds
      fc.constantFrom(null, 7, 'point', [1, 2]),
    );
    const point = fc.oneof({ arbitrary: validPoint, weight: 3 }, { arbitrary: invalidPoint, weight: 1 });
    // Each message: its points, whether it is re-sent under a new id (an agent's retry) and under the same id.
    const message = fc.record({ points: fc.array(point, { minLength: 1, maxLength: 12 }), resend: fc.boolean(), duplicate: fc.boolean() });
    await fc.assert(fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 6 }), async (messages) => {
      const t = await freshTrial();
      const expected = new Map<string, number>();
      let seq = 1;
      for (const m of messages) {
        for (const p of m.points) {
          if (typeof p !== 'object' || p === null || Array.isArray(p)) continue;
          const { key, step, value, t: at } = p as Record<string, unknown>;
          const valid = typeof key === 'string' && key.length > 0 && key.length <= 200 && Number.isInteger(step) && (step as number) >= 0 && (step as number) < 2 ** 31
            && typeof value === 'number' && Number.isSafeInteger(at) && (at as number) >= 0 && (at as number) <= 8.64e15;
          const id = `${key}\u0000${step}`;
          if (valid && !expected.has(id)) expected.set(id, value);
        }
        const s = seq++;
        await sendRaw(t, s, { type: 'metrics', points: m.points });
        if (m.duplicate) await sendRaw(t, s, { type: 'metrics', points: m.points });
        if (m.resend) await sendRaw(t, seq++, { type: 'metrics', points: m.points });
      }
      await idle();
      const rows = await stored(t.id);
      assert.equal(rows.length, expected.size);
      for (const r of rows) assert.equal(r.value, expected.get(`${r.key}\u0000${r.step}`), `${r.key}@${r.step}`);
      const invalidMessages = messages.filter((m) => m.points.some((p) => {
        if (typeof p !== 'object' || p === null || Array.isArray(p)) return true;
        const { key, step, value, t: at } = p as Record<string, unknown>;
        return !(typeof key === 'string' && key.length > 0 && key.length <= 200 && Number.isInteger(step) && (step as number) >= 0 && (step as number) < 2 ** 31
          && typeof value === 'number' && Number.isSafeInteger(at) && (at as number) >= 0 && (at as number) <= 8.64e15);
      }));
      // One event per message that carried invalid points, its re-send (a new message) included; none for duplicates.
      const events = await droppedEvents(t.id);
      assert.equal(events.length, invalidMessages.reduce((n, m) => n + (m.resend ? 2 : 1), 0));
    }), { numRuns: 25 });
  });
});
