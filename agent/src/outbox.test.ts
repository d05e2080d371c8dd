import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeMessage, PROTOCOL_VERSION, telemetrySchema } from '@anneal/protocol';
import { pino } from 'pino';
import { TelemetryOutbox, type Envelope, type PublishFn } from './outbox.js';
import { replaySpoolFile } from './spool-replay.js';

const envelope: Envelope = {
  v: PROTOCOL_VERSION,
  trialId: randomUUID(),
  sweepId: randomUUID(),
  leaseToken: 'lease-token-0123456789',
  attempt: 2,
  agentId: 'agent-1',
};
const logger = pino({ level: 'silent' });

// The retry policy is tested against a publish function that fails like NATS does while it is
// away; the integration tests cover the real JetStream publish.
describe('TelemetryOutbox', () => {
  it('publishes in order with increasing seq and dedupe ids, retrying failures without dropping', async () => {
    const stored: Array<{ msgId: string; seq: number; type: string }> = [];
    let failuresLeft = 3;
    const publish: PublishFn = async (_subject, data, msgId) => {
      if (failuresLeft-- > 0) throw new Error('TIMEOUT');
      const m = decodeMessage(telemetrySchema, data);
      assert.ok(m.ok);
      stored.push({ msgId, seq: m.value.seq, type: m.value.type });
    };
    const outbox = new TelemetryOutbox(publish, 'subj', envelope, logger, new AbortController().signal);
    outbox.send({ type: 'started', host: 'h', at: 1 });
    outbox.send({ type: 'log', lines: ['a'] });
    outbox.send({ type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: 2 });
    await outbox.flush();
    assert.deepEqual(stored, [
      { msgId: `${envelope.trialId}:2:0`, seq: 0, type: 'started' },
      { msgId: `${envelope.trialId}:2:1`, seq: 1, type: 'log' },
      { msgId: `${envelope.trialId}:2:2`, seq: 2, type: 'finished' },
    ]);
    assert.equal(outbox.gaveUp, false);
  });

  it('abandons the queue only when told to give up', async () => {
    const giveUp = new AbortController();
    const outbox = new TelemetryOutbox(async () => Promise.reject(new Error('CONNECTION_CLOSED')), 's', envelope, logger, giveUp.signal);
    outbox.send({ type: 'log', lines: ['a'] });
    setTimeout(() => giveUp.abort(), 50);
    await outbox.flush();
    assert.equal(outbox.gaveUp, true);
    assert.equal(outbox.pending, 0);
  });

  it('accepts messages sent while an earlier flush is running', async () => {
    const seen: number[] = [];
    const outbox = new TelemetryOutbox(
      async (_s, data) => {
        const m = decodeMessage(telemetrySchema, data);
        if (m.ok) seen.push(m.value.seq);
      },
      's',
      envelope,
      logger,
      new AbortController().signal,
    );
    outbox.send({ type: 'log', lines: ['a'] });
    const first = outbox.flush();
    outbox.send({ type: 'log', lines: ['b'] });
    await first;
    await outbox.flush();
    assert.deepEqual(seen, [0, 1]);
  });
});

const spoolDir = mkdtempSync(join(tmpdir(), 'anneal-outbox-'));
// Also ends the retries of an outbox a failed assertion left behind, so the file can exit.
const testsDone = new AbortController();
after(() => {
  testsDone.abort();
  rmSync(spoolDir, { recursive: true, force: true });
});

/** A publish that fails like NATS does while `down`, recording what it stores. */
function flakyNats() {
  const state = { down: false, failures: 0, stored: [] as Array<{ msgId: string; seq: number }> };
  const publish: PublishFn = async (_subject, data, msgId) => {
    if (state.down) {
      state.failures++;
      throw new Error('CONNECTION_REFUSED');
    }
    const m = decodeMessage(telemetrySchema, data);
    assert.ok(m.ok);
    state.stored.push({ msgId, seq: m.value.seq });
  };
  return { state, publish };
}

function capturedLogger() {
  const lines: Array<{ level: number; msg: string } & Record<string, unknown>> = [];
  return { lines, logger: pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

const range = (n: number, from = 0): number[] => Array.from({ length: n - from }, (_, i) => from + i);
const waitUntil = async (what: string, ok: () => boolean): Promise<void> => {
  for (const deadline = Date.now() + 10_000; !ok(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
};

describe('TelemetryOutbox with a spool', () => {
  it('keeps memory bounded through a long outage, then publishes every message once, in order', async () => {
    const { state, publish } = flakyNats();
    const path = join(spoolDir, 'outage.log');
    const memoryBytes = 16 * 1024;
    const outbox = new TelemetryOutbox(publish, 's', envelope, logger, testsDone.signal, { spoolPath: path, memoryBytes });
    state.down = true;
    const line = 'x'.repeat(1000);
    const messages = 5000;
    let peak = 0;
    for (let i = 0; i < messages; i++) {
      outbox.send({ type: 'log', lines: [`${i} ${line}`] });
      peak = Math.max(peak, outbox.inMemory.bytes);
    }
    // One message is always kept whatever its size, so the bound is the budget plus one message.
    assert.ok(peak <= memoryBytes + 1200, `at most ~16 KiB in memory during the outage, peaked at ${peak}`);
    assert.equal(outbox.pending, messages);
    assert.ok(outbox.inMemory.messages < 20, `${outbox.inMemory.messages} messages in memory`);
    assert.ok(statSync(path).size > messages * 1000, 'the rest waits on disk');

    await waitUntil('a few failed publishes', () => state.failures >= 3);
    state.down = false;
    const sampler = setInterval(() => (peak = Math.max(peak, outbox.inMemory.bytes)), 1);
    await outbox.close();
    clearInterval(sampler);
    assert.ok(peak <= memoryBytes + 1200, `reading the spool back stays within the budget, peaked at ${peak}`);
    assert.deepEqual(state.stored.map((m) => m.seq), range(messages), 'nothing lost, nothing doubled, in order');
    assert.equal(existsSync(path), false, 'the spool goes once all of it is published');
  });

  it('empties its spool whenever everything is published, so a long healthy trial keeps a small file', async () => {
    const { state, publish } = flakyNats();
    const path = join(spoolDir, 'healthy.log');
    const outbox = new TelemetryOutbox(publish, 's', envelope, logger, testsDone.signal, { spoolPath: path });
    let largest = 0;
    for (let i = 0; i < 2000; i++) {
      outbox.send({ type: 'log', lines: ['y'.repeat(1000)] });
      if (i % 50 === 49) {
        await outbox.flush();
        largest = Math.max(largest, statSync(path).size);
      }
    }
    await outbox.close();
    assert.equal(state.stored.length, 2000);
    assert.ok(largest < 256 * 1024 + 60 * 1200, `2 MB went through a file that never passed ${largest} bytes`);
  });

  it('leaves its spool for the next start when it gives up, and a replay publishes it in order', async () => {
    const { state, publish } = flakyNats();
    const { lines, logger: captured } = capturedLogger();
    const path = join(spoolDir, 'given-up.log');
    const giveUp = new AbortController();
    const outbox = new TelemetryOutbox(publish, 's', envelope, captured, giveUp.signal, { spoolPath: path, memoryBytes: 512 });
    for (let i = 0; i < 10; i++) outbox.send({ type: 'log', lines: [`before ${i}`] });
    await outbox.flush();
    state.down = true;
    for (let i = 10; i < 30; i++) outbox.send({ type: 'log', lines: [`during ${i}`] });
    await waitUntil('a failed publish', () => state.failures > 0);
    giveUp.abort();
    await outbox.close();
    assert.equal(outbox.gaveUp, true);
    assert.ok(existsSync(path), 'the spool stays');
    assert.ok(lines.some((l) => l.level === 50 && /giving up publishing/.test(l.msg) && l['unpublished'] === 20));

    state.down = false;
    const published = await replaySpoolFile(path, { publish, logger, giveUp: testsDone.signal, memoryBytes: 512 });
    // Only what was not published before: the spool keeps where publishing got to.
    assert.equal(published, 20);
    assert.deepEqual(state.stored.map((m) => m.seq), range(30));
    assert.equal(existsSync(path), false, 'a replayed spool is deleted');
  });

  it('replays a spool whose last record a crash cut short, warning about the torn tail', async () => {
    const { state, publish } = flakyNats();
    const path = join(spoolDir, 'torn.log');
    const died = new AbortController();
    const crashed = new TelemetryOutbox(async () => Promise.reject(new Error('CONNECTION_REFUSED')), 's', envelope, logger, died.signal, {
      spoolPath: path,
      memoryBytes: 1,
    });
    for (let i = 0; i < 8; i++) crashed.send({ type: 'log', lines: [`line ${i}`] });
    died.abort();
    await crashed.flush();
    // The agent died while writing the eighth record: its last 5 bytes never reached the file.
    truncateSync(path, statSync(path).size - 5);

    const { lines, logger: captured } = capturedLogger();
    const published = await replaySpoolFile(path, { publish, logger: captured, giveUp: testsDone.signal });
    assert.equal(published, 7);
    assert.deepEqual(state.stored.map((m) => m.seq), range(7));
    const warning = lines.find((l) => l.level === 40 && /unreadable end of a telemetry spool/.test(l.msg));
    assert.ok(warning, JSON.stringify(lines));
    assert.match(String(warning['problem']), /cut short/);
    assert.equal(existsSync(path), false);
  });

  it('sets aside a file that is no spool instead of retrying it at every start', async () => {
    const { state, publish } = flakyNats();
    const path = join(spoolDir, 'foreign.log');
    writeFileSync(path, 'somebody else wrote this');
    assert.equal(await replaySpoolFile(path, { publish, logger, giveUp: testsDone.signal }), 0);
    assert.deepEqual(state.stored, []);
    assert.equal(existsSync(path), false);
    assert.ok(existsSync(`${path}.unreadable`));
  });

  it('keeps telemetry in memory when the spool cannot be written', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, async () => {
    const { state, publish } = flakyNats();
    const { lines, logger: captured } = capturedLogger();
    state.down = true;
    // /dev/full fails every write with ENOSPC, like a full disk. (Never close() this outbox: it would delete the device.)
    const outbox = new TelemetryOutbox(publish, 's', envelope, captured, testsDone.signal, { spoolPath: '/dev/full', memoryBytes: 64 });
    for (let i = 0; i < 20; i++) outbox.send({ type: 'log', lines: [`line ${i}`] });
    assert.equal(outbox.inMemory.messages, 20, 'over the budget rather than lost');
    assert.ok(lines.some((l) => l.level === 50 && /cannot write the telemetry spool/.test(l.msg)));
    await waitUntil('a failed publish', () => state.failures > 0);
    state.down = false;
    await outbox.flush();
    assert.deepEqual(state.stored.map((m) => m.seq), range(20));
  });
});
