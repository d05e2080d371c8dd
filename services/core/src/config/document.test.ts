/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';

test('YAML booleans are PyYAML\'s: y and n stay text, so a parameter may be named n', () => {
  const r = parseSweepConfig('method: grid\nparameters:\n  n: {values: [y, n, Y, N, yes, no, on, off, True, FALSE]}\n  y: {value: 1}\n');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.config.space.map((d) => d.name), ['n', 'y']);
  assert.deepEqual(r.config.space[0]?.values, ['y', 'n', 'Y', 'N', true, false, true, false, true, false]);
});

test('numbers keep how they were written: 0.0 and 1e3 are floats, 0 is an integer', () => {
  const r = parseSweepConfig('method: random\nparameters:\n  a: {min: 0, max: 8}\n  b: {min: 0.0, max: 8}\n  c: {min: 1, max: 1e3}\n');
  assert.ok(r.ok);
  assert.deepEqual(r.config.space.map((d) => d.kind), ['int', 'float', 'float']);
});
