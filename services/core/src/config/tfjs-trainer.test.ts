import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSweepConfig } from './parse.js';
import { resolveTfjsHyperparameters, TFJS_DEFAULTS } from './tfjs-trainer.js';

const sweep = (trainer: unknown, parameters: unknown = { lr: { min: 1e-4, max: 1e-2, distribution: 'log_uniform_values' } }) =>
  parseSweepConfig({ method: 'random', metric: { name: 'val/accuracy', goal: 'maximize' }, parameters, trainer });

const problems = (r: ReturnType<typeof parseSweepConfig>) => (r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`));

describe('trainer: {type: tfjs}', () => {
  it('parses a spec, filling defaults', () => {
    const r = sweep({ type: 'tfjs', model: 'base/model.json', dataset: 'train.jsonl', eval_every: 20, hyperparameters: { epochs: 2, optimizer: 'adam' } });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(r.config.trainer, {
      type: 'tfjs', task: 'classification', model: 'base/model.json', dataset: 'train.jsonl', validationSplit: 0.1, maxLength: 64,
      evalEvery: 20, checkpointEvery: 0, maxExamples: 0, backend: 'auto', hyperparameters: { epochs: 2, optimizer: 'adam' },
    });
  });

  it('names every problem: missing paths, bad keys, unknown parameters, values outside the rules', () => {
    const r = sweep(
      { type: 'tfjs', task: 'translation', backend: 'webgpu', evl_every: 3, hyperparameters: { lr: -1, optimiser: 'adam' } },
      { learning_rate: { min: 0.001, max: 0.1 }, optimizer: { values: ['adam', 'adagrad'] } },
    );
    const p = problems(r);
    const expect = [
      /^trainer\.task: must be one of classification, lm/,
      /^trainer\.backend: must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu/,
      /^trainer\.evl_every: is not a tfjs trainer key.*did you mean 'eval_every'/,
      /^trainer\.model: is required/,
      /^trainer\.dataset: is required/,
      /^trainer\.hyperparameters\.lr: must be in \(0, 10\] \(got -1\)/,
      /^trainer\.hyperparameters\.optimiser: is not a hyperparameter of the tfjs trainer.*did you mean 'optimizer'/,
      /^parameters\.learning_rate: is not a hyperparameter of the tfjs trainer/,
      /^parameters\.optimizer: value 'adagrad': must be one of sgd, momentum, adam, adamw/,
    ];
    for (const e of expect) assert.ok(p.some((x) => e.test(x)), `${e} not in ${JSON.stringify(p, null, 1)}`);
  });

  it('refuses other trainer types, pointing at program/command', () => {
    assert.match(problems(sweep({ type: 'pytorch' })).join('\n'), /trainer\.type: must be tfjs .* use program: and command: instead/);
  });

  it('resolves a trial\'s hyperparameters: sampled over fixed over defaults, each checked', () => {
    assert.deepEqual(resolveTfjsHyperparameters({ epochs: 5, lr: 0.1 }, { lr: 0.01 }), { ...TFJS_DEFAULTS, epochs: 5, lr: 0.01 });
    assert.deepEqual(resolveTfjsHyperparameters({}, { batch_size: 0.5, nope: 1 }), {
      problems: [
        'batch_size must be an integer (got 0.5)',
        "nope is not a hyperparameter of the tfjs trainer; known: lr, batch_size, epochs, dropout, weight_decay, optimizer, momentum, beta1, beta2, epsilon, warmup_ratio, lr_schedule, layer_decay, frozen_layers, grad_clip, seed, mixed_precision",
      ],
    });
  });
});

describe('Anneal keys of a sweep', () => {
  it('knows trainer and resources (no unknown-key warning)', () => {
    const r = parseSweepConfig({
      method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } }, resources: { gpus: 2 },
      trainer: { type: 'tfjs', model: 'm/model.json', dataset: 'd.jsonl' },
    });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.config.resources, { gpus: 2 });
  });
  it('checks resources', () => {
    const p = problems(parseSweepConfig({ method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } }, resources: { gpus: 1.5, cpus: 2 } }));
    assert.ok(p.some((x) => /^resources\.gpus: must be an integer/.test(x)), JSON.stringify(p));
    assert.ok(p.some((x) => /^resources\.cpus: is not a resources key/.test(x)), JSON.stringify(p));
  });
});

describe('checkpoint_store', () => {
  const base = { method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } } };
  it('takes an absolute directory', () => {
    const r = parseSweepConfig({ ...base, checkpoint_store: { path: '/mnt/shared/ckpt' } });
    assert.ok(r.ok && r.config.checkpointStore?.path === '/mnt/shared/ckpt');
  });
  it('refuses URLs and relative paths with what to do instead', () => {
    assert.match(problems(parseSweepConfig({ ...base, checkpoint_store: { path: 's3://bucket/x' } })).join('\n'), /checkpoint_store\.path: must be a directory, not a URL .*mount the bucket/);
    assert.match(problems(parseSweepConfig({ ...base, checkpoint_store: { path: 'ckpt' } })).join('\n'), /checkpoint_store\.path: must be absolute/);
    assert.match(problems(parseSweepConfig({ ...base, checkpoint_store: {} })).join('\n'), /checkpoint_store\.path: is required/);
  });
});
