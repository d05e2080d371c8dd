/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandCommand } from '../command.js';
import { nestParams } from '../space/nest.js';
import { isValidParams } from '../space/validity.js';
import { parseSweepConfig } from './parse.js';

function problemsOf(parameters: Record<string, unknown>): { path: string; message: string }[] {
  const r = parseSweepConfig({ method: 'random', parameters });
  assert.ok(!r.ok, 'expected the config to be refused');
  return r.problems;
}

function has(problems: { path: string; message: string }[], path: string, fragment: string): void {
  assert.ok(problems.some((p) => p.path === path && p.message.includes(fragment)), `${path} ~ ${fragment} in ${JSON.stringify(problems)}`);
}

const OPT = { optimizer: { values: ['adam', 'sgd'] } };

test('when: a parameter and a nested group become conditional on a choice', () => {
  const r = parseSweepConfig({
    method: 'random',
    parameters: {
      ...OPT,
      momentum: { min: 0, max: 0.99, when: { parameter: 'optimizer', value: 'sgd' } },
      peft: { values: ['lora', 'full'] },
      lora: { when: { parameter: 'peft', values: ['lora'] }, parameters: { r: { values: [8, 16] }, alpha: { values: [16, 32] } } },
    },
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const byName = new Map(r.config.space.map((d) => [d.name, d]));
  assert.deepEqual(byName.get('momentum')?.condition, { parent: 'optimizer', values: ['sgd'] });
  assert.deepEqual(byName.get('lora.r')?.condition, { parent: 'peft', values: ['lora'] });
  assert.equal(byName.get('optimizer')?.condition, undefined);
  assert.ok(isValidParams(r.config.space, { optimizer: 'adam', peft: 'full' }));
  assert.ok(isValidParams(r.config.space, { optimizer: 'sgd', momentum: 0.5, peft: 'lora', 'lora.r': 8, 'lora.alpha': 32 }));
  assert.ok(!isValidParams(r.config.space, { optimizer: 'adam', momentum: 0.5, peft: 'full' }), 'an inactive param present');
  assert.ok(!isValidParams(r.config.space, { optimizer: 'sgd', peft: 'full' }), 'an active param missing');
});

test('inactive params never reach the trainer: argv and the nested config hold only what exists', () => {
  const r = parseSweepConfig({ method: 'random', program: 'train.py', parameters: { ...OPT, momentum: { min: 0, max: 1, when: { parameter: 'optimizer', value: 'sgd' } } } });
  assert.ok(r.ok);
  assert.deepEqual(expandCommand(r.config, { optimizer: 'adam' }), ['/usr/bin/env', 'python3', 'train.py', '--optimizer=adam']);
  assert.deepEqual(nestParams({ optimizer: 'adam' }, r.config), { optimizer: 'adam' });
});

test('a choice whose values are mappings keeps its W&B meaning: values are never read as branches', () => {
  const r = parseSweepConfig({ method: 'grid', parameters: { model: { values: [{ parameters: { x: 1 } }, { when: 2 }] } } });
  assert.ok(r.ok);
  assert.deepEqual(r.config.space[0]!.values, [{ parameters: { x: 1 } }, { when: 2 }]);
  assert.equal(r.config.space[0]!.condition, undefined);
});

test('a condition on an unknown parameter names it and suggests the close one', () => {
  has(problemsOf({ ...OPT, momentum: { min: 0, max: 1, when: { parameter: 'optimiser', value: 'sgd' } } }), 'parameters.momentum.when.parameter', "did you mean 'optimizer'");
});

test('a condition on a non-categorical parameter is refused', () => {
  has(problemsOf({ lr: { min: 0, max: 1 }, momentum: { min: 0, max: 1, when: { parameter: 'lr', value: 0.5 } } }), 'parameters.momentum.when.parameter', 'needs a categorical one');
  has(problemsOf({ c: { value: 1 }, momentum: { min: 0, max: 1, when: { parameter: 'c', value: 1 } } }), 'parameters.momentum.when.parameter', 'needs a categorical one');
});

test('a value the parent does not have is refused at its index', () => {
  has(problemsOf({ ...OPT, momentum: { min: 0, max: 1, when: { parameter: 'optimizer', values: ['sgd', 'nadam'] } } }), 'parameters.momentum.when.values[1]', "'nadam' is not one of optimizer's values");
});

test('cycles and self-reference are refused for the parameters on the loop only', () => {
  const problems = problemsOf({ a: { values: [1, 2], when: { parameter: 'b', value: 1 } }, b: { values: [1, 2], when: { parameter: 'a', value: 1 } }, c: { min: 0, max: 1, when: { parameter: 'a', value: 2 } } });
  has(problems, 'parameters.a.when.parameter', 'cycle (a -> b -> a)');
  has(problems, 'parameters.b.when.parameter', 'cycle (b -> a -> b)');
  assert.ok(!problems.some((p) => p.path.startsWith('parameters.c')), JSON.stringify(problems));
  has(problemsOf({ a: { values: [1, 2], when: { parameter: 'a', value: 1 } } }), 'parameters.a.when.parameter', 'cannot depend on itself');
});

test('malformed when blocks say what to write', () => {
  has(problemsOf({ ...OPT, m: { min: 0, max: 1, when: 'optimizer == sgd' } }), 'parameters.m.when', 'must be a mapping');
  has(problemsOf({ ...OPT, m: { min: 0, max: 1, when: { parameter: 'optimizer' } } }), 'parameters.m.when', 'exactly one of value or values');
  has(problemsOf({ ...OPT, m: { min: 0, max: 1, when: { parameter: 'optimizer', value: 'sgd', values: ['sgd'] } } }), 'parameters.m.when', 'exactly one of value or values');
  has(problemsOf({ ...OPT, m: { min: 0, max: 1, when: { parameter: 'optimizer', values: [] } } }), 'parameters.m.when.values', 'non-empty list');
  has(problemsOf({ ...OPT, m: { min: 0, max: 1, when: { paramter: 'optimizer', value: 'sgd' } } }), 'parameters.m.when.paramter', "did you mean 'parameter'");
  has(problemsOf({ ...OPT, m: { min: 0, max: 1, when: { parameter: 3, value: 'sgd' } } }), 'parameters.m.when.parameter', 'must name the parameter');
});

test('a parameter inside a conditional group cannot carry a second condition', () => {
  has(problemsOf({ ...OPT, peft: { values: ['lora', 'full'] }, lora: { when: { parameter: 'peft', value: 'lora' }, parameters: { r: { values: [8], when: { parameter: 'optimizer', value: 'sgd' } } } } }), 'parameters.lora.parameters.r.when', 'already has a condition');
});

test('a dotted parent name reaches a nested choice; nested conditions chain', () => {
  const r = parseSweepConfig({
    method: 'random',
    parameters: {
      model: { parameters: { peft: { values: ['lora', 'full'] } } },
      rank: { values: [4, 8], when: { parameter: 'model.peft', value: 'lora' } },
      dropout: { min: 0, max: 0.2, when: { parameter: 'rank', value: 8 } },
    },
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.ok(isValidParams(r.config.space, { 'model.peft': 'lora', rank: 8, dropout: 0.1 }));
  assert.ok(isValidParams(r.config.space, { 'model.peft': 'lora', rank: 4 }));
  assert.ok(!isValidParams(r.config.space, { 'model.peft': 'full', dropout: 0.1 }), 'a grandchild of an inactive child');
});

test('grid size counts the tree, so a conditional grid is not refused for its full product', () => {
  const values = Array.from({ length: 400 }, (_, i) => i);
  const r = parseSweepConfig({ method: 'grid', parameters: { arch: { values: ['a', 'b'] }, x: { values, when: { parameter: 'arch', value: 'a' } }, y: { values, when: { parameter: 'arch', value: 'b' } } } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
});
