import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepConfig } from './parse.js';
import { MAX_CONCURRENT_CEILING } from './sweep-size.js';

// Configs admitted before the admission rules of this release: refused when new, kept running
// when the scheduler re-reads them from storage.
const ADMITTED_EARLIER: Record<string, string> = {
  'grid with probabilities': 'method: grid\nparameters:\n  v1: {values: [1, 2, 3], probabilities: [0.2, 0.2, 0.6]}\n',
  'unknown controller': 'method: random\ncontroller: {type: invalid}\nparameters:\n  x: {min: 0, max: 1}\n',
  'int_uniform bounds written as floats': 'method: random\nparameters:\n  n: {distribution: int_uniform, min: 0.0, max: 1.0}\n',
  'a 10^12-point grid': 'method: grid\nparameters:\n  n: {distribution: int_uniform, min: 0, max: 1000000000000}\n',
  'max_concurrent 1e9': 'method: random\nmax_concurrent: 1000000000\nparameters:\n  x: {min: 0, max: 1}\n',
};

for (const [name, text] of Object.entries(ADMITTED_EARLIER)) {
  test(`${name}: refused as a new config, a warning when read back as a stored one`, () => {
    const fresh = parseSweepConfig(text);
    assert.equal(fresh.ok, false);
    const stored = parseSweepConfig(text, { stored: true });
    assert.ok(stored.ok, JSON.stringify(!stored.ok && stored.problems));
    assert.ok(stored.warnings.length >= 1, 'the rule still speaks, as a warning');
  });
}

test('a stored sweep from before the max_concurrent ceiling runs at the ceiling', () => {
  const stored = parseSweepConfig(ADMITTED_EARLIER['max_concurrent 1e9']!, { stored: true });
  assert.ok(stored.ok);
  assert.equal(stored.config.maxConcurrent, MAX_CONCURRENT_CEILING);
});

test('stored mode relaxes nothing else: a config that never was valid stays refused', () => {
  assert.equal(parseSweepConfig('method: bogus\nparameters:\n  x: {min: 0, max: 1}\n', { stored: true }).ok, false);
  assert.equal(parseSweepConfig('method: random\nmax_concurrent: 0\nparameters:\n  x: {min: 0, max: 1}\n', { stored: true }).ok, false);
});
