import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { controlSchema, encodeMessage, PROTOCOL_VERSION, type Telemetry } from '@anneal/protocol';
import { Harness } from './testing.js';

const PACKAGE_DIR = fileURLToPath(new URL('../python/', import.meta.url));

// A trainer written against the package: trains until should_stop(), then checkpoints and exits 0.
const TRAINER = `
import os, sys, time
sys.path.insert(0, sys.argv[1])
import anneal
anneal.handle_stop_signals()
step = 0
while not anneal.should_stop():
    step += 1
    anneal.report(step=step, loss=1.0 / step)
    time.sleep(0.02)
path = os.path.join(anneal.checkpoint_dir(), 'state.txt')
with open(path + '.tmp', 'w') as f:
    f.write(str(step))
os.replace(path + '.tmp', path)
anneal.save_checkpoint(step)
print('saved step %d after the stop request' % step, flush=True)
`;

describe('a Python trainer stopped by the agent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
  });
  afterEach(async () => h.close());

  it('sees should_stop() on SIGTERM, stores its checkpoint and exits 0 within the grace period', async () => {
    await h.startAgent({ stopGraceMs: 20_000 });
    const a = h.assignment(['python3', '-B', '-c', TRAINER, PACKAGE_DIR]);
    await h.publish(a);
    await h.waitFor('some metrics', () => h.of(a.trialId).some((t) => t.type === 'metrics'), 20_000);
    const kv = await h.js.views.kv(h.org.controlBucket);
    await kv.put(a.trialId, encodeMessage(controlSchema, { v: PROTOCOL_VERSION, action: 'stop', reason: 'asha: below rung median', at: Date.now() }));

    const done = await h.finished(a.trialId);
    assert.equal(done.status, 'stopped');
    const saved = done.logTail.find((l) => l.startsWith('saved step '));
    assert.ok(saved, `the trainer saved after the stop: ${done.logTail.join('\n')}`);
    const step = Number(/saved step (\d+)/.exec(saved)![1]);
    const checkpoints = h.of(a.trialId).filter((t): t is Extract<Telemetry, { type: 'checkpoint' }> => t.type === 'checkpoint');
    assert.deepEqual(checkpoints.map((c) => c.step), [step], 'the checkpoint written after SIGTERM was stored');
    assert.ok(!done.logTail.some((l) => /Traceback|KeyboardInterrupt/.test(l)), done.logTail.join('\n'));
  });
});
