import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Assignment } from '@anneal/protocol';
import { Harness } from './testing.js';
import { classificationSet, pretrain, selectBackend } from './tfjs/index.js';

describe('an agent running the built-in tfjs trainer', () => {
  let h: Harness;
  let dir: string;
  let trainer: Extract<Assignment['trainer'], { type: 'tfjs' }>;

  before(async () => {
    await selectBackend('wasm', false);
    dir = await mkdtemp(join(tmpdir(), 'anneal-tfjs-agent-'));
    await pretrain({
      out: join(dir, 'base'), corpusSize: 400, steps: 3, batchSize: 16, lr: 3e-3, seed: 2,
      shape: { maxLength: 32, dModel: 16, layers: 1, heads: 2, ffDim: 32 }, maxVocab: 300, log: () => undefined,
    });
    await writeFile(join(dir, 'reviews.jsonl'), classificationSet(1, 96).map((r) => JSON.stringify(r)).join('\n'));
    trainer = {
      type: 'tfjs', task: 'classification', model: join(dir, 'base', 'model.json'), dataset: join(dir, 'reviews.jsonl'),
      validationSplit: 0.25, maxLength: 32, evalEvery: 0, checkpointEvery: 0, maxExamples: 0, backend: 'auto', hyperparameters: { epochs: 2 },
    };
    h = await Harness.create();
    await h.readTelemetry();
    await h.startAgent();
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains, records the backend, reports validation metrics per epoch and stores checkpoints', async () => {
    const a = h.assignment([], { trainer, params: { lr: 0.003, batch_size: 24 }, metric: { name: 'val/accuracy', goal: 'maximize' } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    const msgs = h.of(a.trialId);
    const info = msgs.find((m) => m.type === 'info');
    assert.deepEqual(info?.type === 'info' ? info.facts : null, { tfjs_backend: 'wasm' });
    const accuracy = msgs.flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === 'val/accuracy') : []));
    assert.deepEqual(accuracy.map((p) => p.step), [3, 6], 'one evaluation per epoch of 72 examples in batches of 24');
    const checkpoints = msgs.filter((m) => m.type === 'checkpoint').map((m) => (m.type === 'checkpoint' ? m.step : -1));
    assert.deepEqual(checkpoints, [3, 6]);
  });

  it('continues a PBT child from its parent checkpoint', async () => {
    const parent = h.assignment([], { trainer, params: { lr: 0.003, batch_size: 24 } });
    await h.publish(parent);
    assert.equal((await h.finished(parent.trialId)).status, 'completed');
    const child = h.assignment([], { trainer: { ...trainer, hyperparameters: { epochs: 3 } }, params: { lr: 0.001, batch_size: 24 }, restore: { trialId: parent.trialId, step: 6 } });
    await h.publish(child);
    const finished = await h.finished(child.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    const steps = h.of(child.trialId).flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === 'val/accuracy').map((p) => p.step) : []));
    assert.deepEqual(steps, [9], 'only the third epoch is trained');
  });

  it('fails a trial whose hyperparameters break the rules, saying which', async () => {
    const a = h.assignment([], { trainer, params: { optimizer: 'adagrad' } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.match(finished.logTail.join('\n'), /optimizer must be one of sgd, momentum, adam, adamw \(got 'adagrad'\)/);
  });

  it('refuses mixed precision on a backend without float16 training', async () => {
    const a = h.assignment([], { trainer, params: { mixed_precision: true } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.match(finished.logTail.join('\n'), /mixed_precision is not supported by the wasm backend/);
  });

  it('names a missing native backend and how to install it', async () => {
    const a = h.assignment([], { trainer: { ...trainer, backend: 'tensorflow' } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.match(finished.logTail.join('\n'), /npm install @tensorflow\/tfjs-node/);
  });
});
