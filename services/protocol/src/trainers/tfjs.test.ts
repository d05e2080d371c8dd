import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSweepConfig } from '@anneal/core';
import { trainerSchema } from '../messages.js';
import { SWEEP_TRAINERS, TRAINER_SCHEMAS } from './index.js';
import { resolveTfjsHyperparameters, TFJS_DEFAULTS } from './tfjs.js';

const sweep = (trainer: unknown, parameters: unknown = { lr: { min: 1e-4, max: 1e-2, distribution: 'log_uniform_values' } }) =>
  parseSweepConfig({ method: 'random', metric: { name: 'val/accuracy', goal: 'maximize' }, parameters, trainer }, { trainers: SWEEP_TRAINERS });

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

describe('the trainer registry', () => {
  it('gives every type a sweep may name a schema in the assignment, which takes what the parser made', () => {
    const wire = TRAINER_SCHEMAS.map((t) => t.shape.type.value as string);
    for (const type of Object.keys(SWEEP_TRAINERS)) assert.ok(wire.includes(type), `${type} has no assignment schema`);
    const r = sweep({ type: 'tfjs', model: 'm/model.json', dataset: 'd.jsonl', validation: 'v.jsonl', hyperparameters: { epochs: 2 } });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(trainerSchema.parse(r.config.trainer), r.config.trainer);
  });

  it('knows trainer next to the other Anneal keys (no unknown-key warning)', () => {
    const r = parseSweepConfig({
      method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } }, resources: { gpus: 2 },
      trainer: { type: 'tfjs', model: 'm/model.json', dataset: 'd.jsonl' },
    }, { trainers: SWEEP_TRAINERS });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(r.warnings, []);
  });
});
