import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartOrder, downsample, linePath, type LineGeometry } from '../src/lib/chart.ts';

/** linePath's geometry, failing the test when there is none. */
function geometry(r: LineGeometry | null): LineGeometry {
  assert.ok(r, 'a path');
  return r;
}

describe('linePath', () => {
  it('maps the first step to the left edge, the largest value to the top', () => {
    const r = geometry(linePath([{ step: 0, value: 1 }, { step: 5, value: 3 }, { step: 10, value: 2 }], 100, 40));
    assert.equal(r.d, 'M0,40L50,0L100,20');
    assert.deepEqual([r.min, r.max, r.firstStep, r.lastStep, r.last], [1, 3, 0, 10, 2]);
  });
  it('draws a flat series through the middle and skips non-finite values', () => {
    assert.equal(geometry(linePath([{ step: 0, value: 2 }, { step: 1, value: NaN }, { step: 2, value: 2 }], 10, 10)).d, 'M0,5L10,5');
  });
  it('shows a single point and returns null for nothing', () => {
    assert.equal(geometry(linePath([{ step: 3, value: 1 }], 10, 10)).d, 'M2,5L8,5');
    assert.equal(linePath([{ step: 3, value: Infinity }], 10, 10), null);
  });
});

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
