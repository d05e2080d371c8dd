import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeMessage, PROTOCOL_VERSION, telemetrySchema } from '@anneal/protocol';
import { pino } from 'pino';
import { TelemetryOutbox, type Envelope, type PublishFn } from './outbox.js';

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
