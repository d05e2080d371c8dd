import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assignmentSchema, encodeMessage, generateServerAuth, NatsAuthority, SIGNATURE_HEADER } from '@anneal/protocol';
import { headers } from 'nats';
import { Harness, nodeTrainer } from './testing.js';

describe('assignment signatures', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
  });
  afterEach(async () => h.close());

  it('runs only assignments the scheduler signed; unsigned, forged, altered and replayed ones are dropped unrun', async () => {
    await h.startAgent({ slots: 2 });
    const marker = join(h.workDir, 'ran');
    const evil = nodeTrainer(`require('node:fs').appendFileSync(${JSON.stringify(marker)}, 'ran\\n')`);
    const subject = h.org.assignSubject(h.pool);
    const publish = async (data: Uint8Array, signature: string | null): Promise<void> => {
      const hdr = headers();
      if (signature !== null) hdr.set(SIGNATURE_HEADER, signature);
      await h.js.publish(subject, data, { headers: hdr });
    };
    const body = (): Uint8Array => encodeMessage(assignmentSchema, h.assignment(evil));

    await publish(body(), null);
    const stranger = NatsAuthority.fromSeed(generateServerAuth().accountSeed).signer;
    const forged = body();
    await publish(forged, stranger.sign(subject, forged));
    const genuine = body();
    const altered = new Uint8Array(genuine);
    altered[altered.length - 3] = altered[altered.length - 3]! ^ 1;
    await publish(altered, h.authority.signer.sign(subject, genuine));
    // Signed for another organization's subject, then replayed onto this one.
    const elsewhere = body();
    await publish(elsewhere, h.authority.signer.sign(h.names.org('00000000-0000-4000-8000-000000000000').assignSubject(h.pool), elsewhere));

    const jsm = await h.nc.jetstreamManager();
    const consumer = async () => jsm.consumers.info(h.names.assignStream, h.org.assignConsumer(h.pool));
    await h.waitFor('the agent to take all four', async () => {
      const info = await consumer();
      return info.delivered.consumer_seq === 4;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await consumer()).num_redelivered, 0, 'terminated at once, not redelivered');
    assert.deepEqual(h.telemetry, [], 'nothing started, nothing reported');
    assert.equal(existsSync(marker), false, 'the trainer never ran');

    const good = h.assignment(nodeTrainer('console.log("fine")'));
    await h.publish(good);
    assert.equal((await h.finished(good.trialId)).status, 'completed', 'a signed assignment still runs');
  });
});
