import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spendWords } from '../spend-words.js';

test('spend without a budget lists what was used', () => {
  assert.equal(spendWords({ gpuHours: 1.23456, wallHours: 0.5, trials: 7 }, null), 'spent: 1.23 GPU-hours · 0.5 hours · 7 trials');
});

test('spend against a budget shows each limit with its share; unset limits show the amount alone', () => {
  assert.equal(
    spendWords({ gpuHours: 3, wallHours: 2, trials: 10 }, { gpuHours: 12, wallHours: null, trials: 40 }),
    'budget: 3 of 12 GPU-hours (25%) · 2 hours · 10 of 40 trials (25%)',
  );
});
