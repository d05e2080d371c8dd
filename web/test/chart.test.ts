import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartOrder, downsample } from '../src/lib/chart.ts';

describe('downsample', () => {
  it('keeps the ends and each bucket\'s extremes, so a spike survives', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ step: i, value: i === 500 ? 100 : 1 }));
    const out = downsample(points, 50);
    assert.ok(out.length <= 50, `${out.length}`);
    assert.equal(out[0]?.step, 0);
    assert.equal(out.at(-1)?.step, 999);
    assert.ok(out.some((p) => p.value === 100));
    assert.deepEqual(out.map((p) => p.step), [...out.map((p) => p.step)].sort((a, b) => a - b), 'still in step order');
    assert.equal(downsample(points.slice(0, 10), 50).length, 10);
  });
});

describe('chartOrder', () => {
  it('puts the sweep metric first and system readings last', () => {
    assert.deepEqual(chartOrder(['system/gpu0/util', 'train/loss', 'val/accuracy', 'epoch'], 'val/accuracy'), ['val/accuracy', 'epoch', 'train/loss', 'system/gpu0/util']);
  });
});
