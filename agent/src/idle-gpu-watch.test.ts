import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GpuReading } from './gpus.js';
import { LatestGpuReadings } from './gpu-latest.js';
import { IdleGpuWatch } from './idle-gpu-watch.js';

const reading = (index: number): GpuReading => ({ index, utilization: 70 + index, memoryUsedMiB: 500 + index });

/** One tick of the watch (start reads at once; stop waits for that read). */
async function tickOnce(w: IdleGpuWatch): Promise<void> {
  w.start();
  await w.stop();
}

test('reads the GPUs no trial has read within an interval, and records them for the presence', async () => {
  const readings = new LatestGpuReadings(30_000);
  const asked: number[][] = [];
  let now = 100_000;
  readings.record([reading(1)], now - 2_000); // a trial's sampler read GPU 1 two seconds ago
  readings.record([reading(2)], now - 6_000); // and GPU 2 six seconds ago: its trial has ended
  const watch = (): IdleGpuWatch => new IdleGpuWatch({
    indices: [0, 1, 2],
    read: async (indices) => {
      asked.push([...indices]);
      return indices.map(reading);
    },
    readings,
    intervalMs: 5_000,
    onFirstError: () => assert.fail('no error expected'),
    now: () => now,
  });
  await tickOnce(watch());
  assert.deepEqual(asked, [[0, 2]]);
  const fresh = readings.fresh(now);
  assert.deepEqual([fresh.get(0)?.utilization, fresh.get(0)?.at], [70, now]);
  assert.equal(fresh.get(1)?.at, now - 2_000, "the trial's reading of GPU 1 stands");
  now += 10_000;
  await tickOnce(watch());
  assert.deepEqual(asked[1], [0, 1, 2]);
});

test('a failing nvidia-smi is reported once and records nothing', async () => {
  const readings = new LatestGpuReadings(30_000);
  const errors: unknown[] = [];
  let attempts = 0;
  const watch = new IdleGpuWatch({
    indices: [0],
    read: async () => {
      attempts++;
      throw new Error('driver gone');
    },
    readings,
    intervalMs: 20,
    onFirstError: (err) => errors.push(err),
  });
  // Two ticks of one running watch: start() reads, and so does the timer 20 ms later.
  watch.start();
  await new Promise((r) => setTimeout(r, 70));
  await watch.stop();
  assert.ok(attempts >= 2, `${attempts} reads`);
  assert.equal(errors.length, 1);
  assert.equal(readings.fresh(Date.now()).size, 0);
});
