import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricPoint } from '@anneal/protocol';
import { GpuSampler, gpuMetricPoints } from './gpu-sampler.js';

describe('GPU sampling', () => {
  it('names points system/gpu<i>/util and mem_mib and skips unknown values', () => {
    assert.deepEqual(
      gpuMetricPoints(
        [
          { index: 0, utilization: 90, memoryUsedMiB: 1000 },
          { index: 3, utilization: null, memoryUsedMiB: 5 },
        ],
        7,
        123,
      ),
      [
        { key: 'system/gpu0/util', step: 7, value: 90, t: 123 },
        { key: 'system/gpu0/mem_mib', step: 7, value: 1000, t: 123 },
        { key: 'system/gpu3/mem_mib', step: 7, value: 5, t: 123 },
      ],
    );
  });

  it('steps by whole seconds since start, once per second, and reports only the first failure', async () => {
    let now = 10_000;
    const emitted: MetricPoint[][] = [];
    const errors: unknown[] = [];
    let fail = false;
    const sampler = new GpuSampler({
      read: async () => {
        if (fail) throw new Error('driver gone');
        return [{ index: 0, utilization: 50, memoryUsedMiB: 10 }];
      },
      emit: (p) => emitted.push(p),
      onFirstError: (e) => errors.push(e),
      intervalMs: 60_000,
      now: () => now,
    });
    const tick = async (): Promise<void> => {
      (sampler as unknown as { periodic: { tick(): void } }).periodic.tick();
      await new Promise((r) => setImmediate(r));
    };
    sampler.start();
    await new Promise((r) => setImmediate(r));
    now += 400;
    await tick(); // same second as the first reading
    now += 2_000;
    await tick();
    fail = true;
    now += 1_000;
    await tick();
    await tick();
    await sampler.stop();
    assert.deepEqual(emitted.map((p) => p[0]!.step), [0, 2]);
    assert.equal(errors.length, 1);
  });
});
