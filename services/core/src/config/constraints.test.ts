/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';

const PARAMS = {
  batch_size: { values: [8, 16, 32, 64] },
  grad_accum: { values: [1, 2, 4, 8] },
  lora_r: { values: [8, 16] },
  lora_alpha: { values: [8, 16, 32] },
  optimizer: { values: ['adam', 'sgd'] },
  lr: { min: 0.0001, max: 0.1 },
  model: { parameters: { dropout: { min: 0.0, max: 0.5 } } },
};

function parse(constraints: unknown, method = 'bayes') {
  return parseSweepConfig({ method, metric: { name: 'loss', goal: 'minimize' }, parameters: PARAMS, constraints });
}

function problems(constraints: unknown, method = 'bayes'): { path: string; message: string }[] {
  const r = parse(constraints, method);
  assert.equal(r.ok, false, JSON.stringify(constraints));
  return r.ok ? [] : r.problems;
}

test('a list of parameter expressions and metric bounds is parsed into the config', () => {
  const r = parse(['lora_alpha >= lora_r', 'batch_size * grad_accum <= 256', 'model.dropout < 0.4 or lr < 0.01', { name: 'gpu_mem_gib', max: 70 }, { name: 'tokens_per_s', min: 1000 }]);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.config.constraints?.parameters.map((c) => [c.text, c.names]), [
    ['lora_alpha >= lora_r', ['lora_alpha', 'lora_r']],
    ['batch_size * grad_accum <= 256', ['batch_size', 'grad_accum']],
    ['model.dropout < 0.4 or lr < 0.01', ['model.dropout', 'lr']],
  ]);
  assert.deepEqual(r.config.constraints?.metrics, [{ name: 'gpu_mem_gib', max: 70 }, { name: 'tokens_per_s', min: 1000 }]);
  assert.deepEqual(r.warnings, []);
});

test('a config without constraints has none, and an empty list adds none', () => {
  const none = parseSweepConfig({ method: 'random', parameters: PARAMS });
  assert.ok(none.ok && none.config.constraints === undefined);
  const empty = parse([]);
  assert.ok(empty.ok && empty.config.constraints === undefined);
});

test('bad inputs: each problem has its path and says what to change', () => {
  const cases: [unknown, string, RegExp][] = [
    ['lora_alpha >= lora_r', 'constraints', /must be a list/],
    [['lora_alpah >= lora_r'], 'constraints[0]', /column 1: unknown parameter 'lora_alpah' \(did you mean 'lora_alpha'\?\)/],
    [['batch_size * optimizer <= 4'], 'constraints[0]', /column 14: parameter 'optimizer' has a non-numeric value \('adam'\)/],
    [['batch_size * grad_accum =< 256'], 'constraints[0]', /column 25: .*use ==/],
    [['batch_size * (grad_accum <= 256'], 'constraints[0]', /column 32: missing '\)'/],
    [['batch_size + 1'], 'constraints[0]', /must be a comparison/],
    [[42], 'constraints[0]', /an expression on parameters .* or a metric bound/],
    [[{ name: 'gpu_mem_gib' }], 'constraints[0]', /needs min, max or both/],
    [[{ name: 'gpu_mem_gib', max: 'lots' }], 'constraints[0].max', /number/],
    [[{ name: 'gpu_mem_gib', min: 80, max: 70 }], 'constraints[0]', /min \(80\) is above max \(70\)/],
    [[{ max: 70 }], 'constraints[0].name', /is required/],
    [[{ name: 'gpu_mem_gib', maxi: 70 }], 'constraints[0].maxi', /did you mean 'max'/],
    [[{ name: 'm', max: 1 }, { name: 'm', min: 0 }], 'constraints[1].name', /constrained twice/],
    [['batch_size * grad_accum > 512'], 'constraints', /none of 2048 random draws/],
    [['lr > 0.2'], 'constraints', /none of 2048 random draws/],
  ];
  for (const [value, path, message] of cases) {
    const found = problems(value);
    assert.ok(found.some((p) => p.path === path && message.test(p.message)), `${JSON.stringify(value)}: ${JSON.stringify(found)}`);
  }
});

test('grid with constraints that no grid point meets is refused before it starts', () => {
  const r = parseSweepConfig({ method: 'grid', parameters: { batch_size: PARAMS.batch_size, lora_r: PARAMS.lora_r }, constraints: ['batch_size * lora_r > 1024'] });
  assert.ok(!r.ok && r.problems.some((p) => p.path === 'constraints' && /no combination .*\(all 8 checked\)/.test(p.message)), JSON.stringify(r));
});

test('pbt refuses constraints', () => {
  const r = parseSweepConfig({ method: 'pbt', metric: { name: 'loss', goal: 'minimize' }, parameters: { lr: { min: 0.001, max: 0.1 } }, constraints: ['lr < 0.05'] });
  assert.ok(!r.ok && r.problems.some((p) => p.path === 'constraints' && /pbt/.test(p.message)));
});
