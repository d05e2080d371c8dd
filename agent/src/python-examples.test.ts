import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Telemetry } from '@anneal/protocol';
import { Harness } from './testing.js';

const HF_LORA = fileURLToPath(new URL('../examples/hf-lora/finetune.py', import.meta.url));
const PYTORCH = fileURLToPath(new URL('../examples/pytorch/finetune.py', import.meta.url));
const COMMAND = ['${env}', '${interpreter}', '${program}', '${args}'];

// Debian's python3-torch installs for the system Python, which may not be the first python3 on PATH;
// ANNEAL_TEST_ML_PYTHON names one with torch, transformers, peft and Lightning (.ci/run makes it).
const pythonWith = (modules: string): string | undefined =>
  [process.env['ANNEAL_TEST_ML_PYTHON'], 'python3', '/usr/bin/python3'].filter((p): p is string => p !== undefined && p !== '').find((p) => spawnSync(p, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0);
const torchPython = pythonWith('torch');
const hfPython = pythonWith('torch, transformers, peft');

type Checkpoint = Extract<Telemetry, { type: 'checkpoint' }>;
type Info = Extract<Telemetry, { type: 'info' }>;

function stepsByKey(h: Harness, trialId: string): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const t of h.of(trialId)) {
    if (t.type !== 'metrics') continue;
    for (const p of t.points) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.step]);
  }
  return byKey;
}

const facts = (h: Harness, trialId: string): Record<string, unknown> =>
  Object.assign({}, ...h.of(trialId).filter((t): t is Info => t.type === 'info').map((t) => t.facts));

describe('the Python examples through the agent', () => {
  let h: Harness;
  let cacheDir: string;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
    cacheDir = await mkdtemp(join(h.workDir, 'cache-'));
  });
  afterEach(async () => h.close());

  const hfArgs = (): string[] => [...COMMAND, `--cache_dir=${cacheDir}`, '--pretrain_steps=10', '--train_size=64', '--val_size=32'];
  const HF_PARAMS = { learning_rate: 0.003, lora_r: 4, lora_alpha: 8, target_modules: 'q_proj,v_proj', batch_size: 8, layer_decay: 0.8, mixed_precision: 'bf16', max_steps: 6, eval_steps: 3 };

  it('LoRA fine-tuning with the transformers callback: metrics at global_step, adapter checkpoints, an exact restore', async () => {
    if (hfPython === undefined) {
      // Without the libraries the trial must fail, and say which and how to get them.
      await h.startAgent({ interpreter: 'python3' });
      const a = h.assignment(hfArgs(), { trainer: { type: 'command', command: hfArgs(), program: HF_LORA }, params: HF_PARAMS });
      await h.publish(a);
      const done = await h.finished(a.trialId);
      assert.equal(done.status, 'failed');
      assert.ok(done.logTail.some((l) => l.includes('this example needs torch, transformers and peft')), done.logTail.join('\n'));
      return;
    }
    await h.startAgent({ interpreter: hfPython });
    const first = h.assignment(hfArgs(), { trainer: { type: 'command', command: hfArgs(), program: HF_LORA }, params: HF_PARAMS });
    await h.publish(first);
    const done = await h.waitFor('the first trial', () => h.of(first.trialId).find((t) => t.type === 'finished'), 300_000);
    assert.equal(done.status, 'completed', `${done.error}\n${done.logTail.join('\n')}`);
    const steps = stepsByKey(h, first.trialId);
    for (const key of ['train/loss', 'train/lr', 'val/loss', 'val/perplexity']) assert.deepEqual(steps.get(key), [3, 6], key);
    const checkpoints = h.of(first.trialId).filter((t): t is Checkpoint => t.type === 'checkpoint');
    assert.deepEqual(checkpoints.map((c) => c.step), [3, 6]);
    assert.ok(Number(facts(h, first.trialId)['trainable_params']) < Number(facts(h, first.trialId)['total_params']));

    // Another trial continues the step-3 checkpoint (as PBT would), with its own learning rate.
    const second = h.assignment(hfArgs(), {
      trainer: { type: 'command', command: hfArgs(), program: HF_LORA },
      params: { ...HF_PARAMS, learning_rate: 0.001 },
      restore: { trialId: first.trialId, step: 3 },
    });
    await h.publish(second);
    const resumed = await h.waitFor('the restored trial', () => h.of(second.trialId).find((t) => t.type === 'finished'), 300_000);
    assert.equal(resumed.status, 'completed', `${resumed.error}\n${resumed.logTail.join('\n')}`);
    assert.deepEqual(stepsByKey(h, second.trialId).get('val/loss'), [6], 'continues at the restored step');
  });

  it('the PyTorch example runs with mixed_precision and layer_decay', async () => {
    const args = [...COMMAND, `--cache_dir=${cacheDir}`, '--pretrain_steps=20', '--train_size=128', '--val_size=64'];
    const params = { learning_rate: 0.003, batch_size: 32, weight_decay: 0.01, dropout: 0.1, warmup: 0.1, seed: 0, epochs: 1, mixed_precision: 'bf16', layer_decay: 0.8 };
    await h.startAgent({ interpreter: torchPython ?? 'python3' });
    const a = h.assignment(args, { trainer: { type: 'command', command: args, program: PYTORCH }, params });
    await h.publish(a);
    const done = await h.waitFor('the trial', () => h.of(a.trialId).find((t) => t.type === 'finished'), 120_000);
    if (torchPython === undefined) {
      assert.equal(done.status, 'failed');
      assert.ok(done.logTail.some((l) => l.includes('this example needs PyTorch')), done.logTail.join('\n'));
      return;
    }
    assert.equal(done.status, 'completed', `${done.error}\n${done.logTail.join('\n')}`);
    assert.deepEqual(stepsByKey(h, a.trialId).get('accuracy'), [1]);
    const f = facts(h, a.trialId);
    assert.equal(f['precision'], 'bf16', 'bf16 autocast runs on CPUs and bf16-capable GPUs');
    assert.ok(Number(f['layer_groups']) > 2, 'one optimizer group per depth');
  });
});
