import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROTOCOL_VERSION } from '@anneal/protocol';
import { TelemetryOutbox } from './outbox.js';
import { SpoolDir } from './spool-dir.js';
import { Harness, spoolFiles, testLogger } from './testing.js';

describe('an agent starting on a work dir where another agent died', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.create();
    await h.readTelemetry();
  });
  after(() => h.close());

  it('publishes the telemetry the dead agent had spooled, in order, and removes the spool', async () => {
    const trialId = randomUUID();
    // The dead agent: everything it sent went to its spool, NATS never took any of it.
    const dead = await SpoolDir.open(h.workDir, { namespace: h.names.namespace, agentId: 'dead', host: hostname() }, testLogger);
    const died = new AbortController();
    const outbox = new TelemetryOutbox(
      async () => Promise.reject(new Error('CONNECTION_REFUSED')),
      h.org.telemetrySubject(h.sweepId, trialId),
      { v: PROTOCOL_VERSION, trialId, sweepId: h.sweepId, leaseToken: randomBytes(16).toString('hex'), attempt: 1, agentId: 'dead' },
      testLogger,
      died.signal,
      { spoolPath: dead.fileFor(trialId, 1), memoryBytes: 1 },
    );
    outbox.send({ type: 'started', host: 'h', at: Date.now() });
    for (let batch = 0; batch < 20; batch++) {
      outbox.send({ type: 'metrics', points: Array.from({ length: 5 }, (_, i) => ({ key: 'loss', step: batch * 5 + i, value: 1 / (batch * 5 + i + 1), t: Date.now() })) });
      outbox.send({ type: 'log', lines: [`batch ${batch}`] });
    }
    outbox.send({ type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });
    died.abort();
    await outbox.close();
    await dead.close();
    const deadFolder = dirname(dead.fileFor(trialId, 1));
    assert.equal(spoolFiles(h.workDir).length, 1, 'the dead agent left one spool');

    await h.startAgent();
    const finished = await h.finished(trialId);
    assert.equal(finished.attempt, 1);
    const msgs = h.of(trialId);
    assert.deepEqual(msgs.map((m) => m.seq), Array.from({ length: 42 }, (_, i) => i), 'every message once, in the order it was sent');
    const steps = msgs.flatMap((m) => (m.type === 'metrics' ? m.points.map((p) => p.step) : []));
    assert.deepEqual(steps, Array.from({ length: 100 }, (_, i) => i));
    await h.waitFor('the replayed spool to be deleted', () => spoolFiles(h.workDir).length === 0);
    assert.equal(existsSync(deadFolder), false, "the dead agent's folder is gone");
  });
});
