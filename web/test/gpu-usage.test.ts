import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gpuUsageText } from '../src/lib/gpu-usage.ts';

test('a GPU reads as its utilisation and memory; one without a reading says so', () => {
  assert.equal(gpuUsageText({ index: 0, name: 'H100', memoryMiB: 81920, utilization: 87.4, memoryUsedMiB: 41062 }), '#0 H100 · 87% busy · 40.1 of 80 GiB');
  // An idle GPU has a reading too (the agent watches idle GPUs): 0 % busy is a figure, not "no reading".
  assert.equal(gpuUsageText({ index: 1, name: 'H100', memoryMiB: 81920, utilization: 0, memoryUsedMiB: 3 }), '#1 H100 · 0% busy · 0 of 80 GiB');
  assert.equal(gpuUsageText({ index: 2, name: 'A10', memoryMiB: 24576, utilization: null, memoryUsedMiB: null }), '#2 A10 · 24 GiB · no reading');
});
