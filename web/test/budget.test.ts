import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetMeters, spendText } from '../src/lib/budget.js';

test('no budget, no meters; the spend still reads as a line', () => {
  assert.deepEqual(budgetMeters({ gpuHours: 1, wallHours: 2, trials: 3 }, null), []);
  assert.equal(spendText({ gpuHours: 1.23456, wallHours: 2, trials: 3 }), '1.23 GPU-hours · 2 h');
  assert.equal(spendText({ gpuHours: 0, wallHours: 0.000118, trials: 3 }), '0 GPU-hours · 0 s');
  assert.equal(spendText({ gpuHours: 0, wallHours: 0.25, trials: 3 }), '0 GPU-hours · 15 min');
});

test('one meter per limit set, with the share and what trials in flight are expected to add', () => {
  const m = budgetMeters({ gpuHours: 2.5, wallHours: 1, trials: 4, projectedGpuHours: 4 }, { gpuHours: 10, wallHours: null, trials: 8 });
  assert.equal(budgetMeters({ gpuHours: 0, wallHours: 0.5, trials: 1 }, { wallHours: 2 })[0]!.text, '30 min of 2 h (25%)');
  assert.deepEqual(m.map((x) => x.label), ['GPU-hours', 'Trials']);
  assert.equal(m[0]!.text, '2.5 of 10 GPU-hours (25%); 4 expected once running trials end');
  assert.equal(m[1]!.text, '4 of 8 trials (50%)');
  assert.deepEqual([m[0]!.used, m[0]!.limit], [2.5, 10]);
});

test('a spent budget reads over 100%', () => {
  const [gpu] = budgetMeters({ gpuHours: 0.5, wallHours: 1, trials: 1, projectedGpuHours: 0.5 }, { gpuHours: 0.25 });
  assert.equal(gpu!.text, '0.5 of 0.25 GPU-hours (200%)');
});
