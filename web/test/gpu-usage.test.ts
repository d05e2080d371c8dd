import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gpuUsageText } from '../src/lib/gpu-usage.ts';

test('a GPU with a reading shows how busy it is and its memory in use', () => {
  assert.equal(gpuUsageText({ index: 0, name: 'H100', memoryMiB: 81920, utilization: 87.4, memoryUsedMiB: 41062 }), '#0 H100 · 87% busy · 40.1 of 80 GiB');
  assert.equal(gpuUsageText({ index: 1, name: 'A10', utilization: 5, memoryUsedMiB: null }), '#1 A10 · 5% busy');
});

test('a GPU without a recent reading is idle', () => {
  assert.equal(gpuUsageText({ index: 2, name: 'L4', memoryMiB: 23034, utilization: null, memoryUsedMiB: null }), '#2 L4 · 22.5 GiB · idle');
});
