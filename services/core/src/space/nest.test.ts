/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from '../config/parse.js';
import type { SweepConfig } from '../config/types.js';
import { flattenParams, nestParams } from './nest.js';

function config(parameters: Record<string, unknown>): SweepConfig {
  const r = parseSweepConfig({ method: 'random', parameters });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.config;
}

test('nested parameters are re-nested into objects for the trainer', () => {
  const c = config({ bs: { values: [32] }, optimizer: { parameters: { lr: { values: [0.1] }, nadam: { parameters: { beta: { values: [0.9] } } } } } });
  const flat = { bs: 32, 'optimizer.lr': 0.1, 'optimizer.nadam.beta': 0.9 };
  const nested = { bs: 32, optimizer: { lr: 0.1, nadam: { beta: 0.9 } } };
  assert.deepEqual(nestParams(flat, c), nested);
  assert.deepEqual(nestParams(flat, c.space), nested);
  assert.deepEqual(flattenParams(nested, c.space), flat);
});

test('literal dotted names stay as written when the space is given', () => {
  const c = config({ 'model.num_groups': { values: [2] }, dataset: { values: ['mnist'] } });
  assert.deepEqual(nestParams({ 'model.num_groups': 2, dataset: 'mnist' }, c), { 'model.num_groups': 2, dataset: 'mnist' });
});

test('without a space, dotted names are split unless that would collide', () => {
  assert.deepEqual(nestParams({ 'a.b': 1, 'a.c': 2, d: 3 }), { a: { b: 1, c: 2 }, d: 3 });
  // Hydra style: `optimizer` and `optimizer.config.learning_rate` side by side.
  assert.deepEqual(nestParams({ 'optimizer.config.learning_rate': 0.1, optimizer: 'adam' }), {
    'optimizer.config.learning_rate': 0.1,
    optimizer: 'adam',
  });
});

test('values that are objects are kept whole', () => {
  assert.deepEqual(nestParams({ layers: [1, 2], opts: { a: 1 } }), { layers: [1, 2], opts: { a: 1 } });
});
