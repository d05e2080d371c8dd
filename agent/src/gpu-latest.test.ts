import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatestGpuReadings } from './gpu-latest.js';

test('keeps the latest reading per GPU and leaves out stale ones', () => {
  const l = new LatestGpuReadings(10_000);
  l.record([{ index: 0, utilization: 50, memoryUsedMiB: 1000 }, { index: 1, utilization: 10, memoryUsedMiB: 200 }], 1_000);
  l.record([{ index: 0, utilization: 90, memoryUsedMiB: 3000 }], 8_000);
  const at9 = l.fresh(9_000);
  assert.deepEqual([...at9.keys()].sort(), [0, 1]);
  assert.equal(at9.get(0)?.utilization, 90);
  const at15 = l.fresh(15_000);
  assert.deepEqual([...at15.keys()], [0], 'GPU 1 was last read 14 s ago');
});
