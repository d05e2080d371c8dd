import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Telemetry } from '@anneal/protocol';
import { Harness } from './testing.js';

const FINETUNE = fileURLToPath(new URL('../examples/pytorch/finetune.py', import.meta.url));
// Debian's python3-torch installs for the system Python, which may not be the first python3 on PATH.
const torchPython = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);

const COMMAND = ['${env}', '${interpreter}', '${program}', '${args}'];
const PARAMS = { learning_rate: 0.003, batch_size: 32, weight_decay: 0.01, dropout: 0.1, warmup: 0.1, seed: 0 };

function metricsOf(h: Harness, trialId: string): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const t of h.of(trialId)) {
    if (t.type !== 'metrics') continue;
    for (const p of t.points) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.step]);
  }
  return byKey;
}

function linesOf(h: Harness, trialId: string): string[] {
  return h.of(trialId).flatMap((t) => (t.type === 'log' ? t.lines : []));
}

describe('the PyTorch example through the agent', () => {
  let h: Harness;
  let cacheDir: string;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
    cacheDir = await mkdtemp(join(h.workDir, 'cache-'));
  });
  afterEach(async () => h.close());

  // Small enough for seconds on a CPU; the pretraining cache is per test, so this also pretrains.
  const tiny = (): string[] => [...COMMAND, `--cache_dir=${cacheDir}`, '--pretrain_steps=20', '--train_size=128', '--val_size=64'];

  async function expectNoTorchFailure(interpreter: string): Promise<void> {
    await h.startAgent({ interpreter });
    const a = h.assignment(tiny(), { trainer: { type: 'command', command: tiny(), program: FINETUNE }, params: { ...PARAMS, epochs: 1 } });
    await h.publish(a);
    const done = await h.finished(a.trialId);
    assert.equal(done.status, 'failed');
    assert.equal(done.error, 'exit code 1');
    assert.ok(done.logTail.some((l) => /No module named '?torch/.test(l)), done.logTail.join('\n'));
    assert.ok(done.logTail.some((l) => l.includes('this example needs PyTorch')));
  }

  it('fine-tunes, checkpoints every epoch, and a second trial continues from the checkpoint', async () => {
    // Without torch (apt-get install python3-torch) the same run must fail, and say why.
    if (torchPython === undefined) return expectNoTorchFailure('python3');
    await h.startAgent({ interpreter: torchPython });
    const first = h.assignment(tiny(), { trainer: { type: 'command', command: tiny(), program: FINETUNE }, params: { ...PARAMS, epochs: 2 } });
    await h.publish(first);
    const done = await h.finished(first.trialId);
    assert.equal(done.status, 'completed', `${done.error}\n${done.logTail.join('\n')}`);
    const metrics = metricsOf(h, first.trialId);
    for (const key of ['loss', 'val_loss', 'accuracy', 'perplexity']) assert.deepEqual(metrics.get(key), [1, 2], key);
    const checkpoints = h.of(first.trialId).filter((t): t is Extract<Telemetry, { type: 'checkpoint' }> => t.type === 'checkpoint');
    assert.deepEqual(checkpoints.map((c) => c.step), [1, 2]);
    assert.ok(checkpoints.every((c) => c.bytes > 10_000), 'model and optimizer state were stored');

    const second = h.assignment(tiny(), {
      trainer: { type: 'command', command: tiny(), program: FINETUNE },
      params: { ...PARAMS, learning_rate: 0.001, epochs: 1 },
      restore: { trialId: first.trialId, step: 2 },
    });
    await h.publish(second);
    const resumed = await h.finished(second.trialId);
    assert.equal(resumed.status, 'completed', `${resumed.error}\n${resumed.logTail.join('\n')}`);
    assert.deepEqual(metricsOf(h, second.trialId).get('accuracy'), [3], 'continues at the next epoch');
    assert.ok(linesOf(h, second.trialId).some((l) => /^restored epoch 2 .*training to epoch 3$/.test(l)));
  });

  it('fails clearly where the interpreter has no torch', async () => {
    // python3 without its site-packages cannot import torch, wherever torch is installed.
    const bare = join(h.workDir, 'python-without-site');
    await writeFile(bare, '#!/bin/sh\nexec python3 -S "$@"\n');
    await chmod(bare, 0o755);
    await expectNoTorchFailure(bare);
  });
});
