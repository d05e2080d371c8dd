/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';

const parameters = { lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 } };
const metric = { name: 'loss', goal: 'minimize' };

test('a valid PBT config validates without warnings', () => {
  const r = parseSweepConfig({ method: 'pbt', metric, max_concurrent: 8, pbt: { population_size: 8, interval: 100 }, parameters });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.warnings, []);
  assert.equal(r.config.pbt?.populationSize, 8);
});

test('the same from YAML, as `sweep validate` reads it', () => {
  const r = parseSweepConfig('method: pbt\nmetric: {name: loss}\nmax_concurrent: 4\npbt:\n  population_size: 4\n  interval: 50\nparameters:\n  lr: {min: 0.001, max: 0.1}\n');
  assert.ok(r.ok);
  assert.deepEqual(r.warnings, []);
});

test('a population larger than max_concurrent warns about max_concurrent only', () => {
  const r = parseSweepConfig({ method: 'pbt', metric, max_concurrent: 2, pbt: { population_size: 8, interval: 100 }, parameters });
  assert.ok(r.ok);
  assert.deepEqual(r.warnings.map((w) => w.path), ['max_concurrent']);
});

test('a pbt section with another method warns that it is ignored', () => {
  const r = parseSweepConfig({ method: 'random', metric, pbt: { population_size: 8, interval: 100 }, parameters });
  assert.ok(r.ok);
  assert.deepEqual(r.warnings.map((w) => [w.path, w.message]), [['pbt', 'is ignored unless method is pbt']]);
});
