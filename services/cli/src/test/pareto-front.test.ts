import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectivesLine, paretoFrontTable } from '../pareto-front.js';

const objectives = [{ name: 'val_loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }];

test('the front prints one row per trial with each objective in config order, then the parameters', () => {
  const out = paretoFrontTable(objectives, [
    { number: 3, objectives: [0.1234567, 0.5], params: { lr: 0.01, opt: 'adam' } },
    { number: 7, objectives: [0.3, null], params: { lr: 0.1 } },
  ]);
  const lines = out.split('\n');
  assert.equal(lines[0], 'Pareto front (2 trials no other beats on every objective):');
  assert.deepEqual(lines[1]!.split(/\s{2,}/), ['#', 'VAL_LOSS ↓', 'ACC ↑', 'LR', 'OPT']);
  assert.deepEqual(lines[3]!.split(/\s{2,}/), ['3', '0.12346', '0.5', '0.01', 'adam']);
  assert.deepEqual(lines[4]!.split(/\s{2,}/), ['7', '0.3', '-', '0.1']);
});

test('an empty front says why, and the objectives line names each goal', () => {
  assert.match(paretoFrontTable(objectives, []), /no completed trial has every objective yet/);
  assert.equal(objectivesLine(objectives), 'objectives: val_loss ↓ (minimize), acc ↑ (maximize)');
});
