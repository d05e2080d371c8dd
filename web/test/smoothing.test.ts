import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emaSmooth } from '../src/lib/smoothing.ts';

const pts = (values: number[]) => values.map((value, step) => ({ step, value }));

describe('emaSmooth', () => {
  it('keeps the curve at weight 0 and starts from the first value (debiased)', () => {
    assert.deepEqual(emaSmooth(pts([1, 5, 3]), 0), pts([1, 5, 3]));
    assert.equal(emaSmooth(pts([4, 8]), 0.9)[0]!.value, 4);
  });
  it('follows the exponential average s = w·s + (1-w)·v, debiased by 1 - w^t', () => {
    const out = emaSmooth(pts([0, 10]), 0.5).map((p) => p.value);
    // s1 = 0, s2 = 0.5·0 + 0.5·10 = 5, debiased by 1 - 0.25: 6.67
    assert.equal(out[0], 0);
    assert.ok(Math.abs(out[1]! - 5 / 0.75) < 1e-12);
  });
  it('damps noise: a zig-zag around 1 stays near 1 at high weight', () => {
    const zig = pts(Array.from({ length: 200 }, (_, i) => 1 + (i % 2 === 0 ? 0.5 : -0.5)));
    const last = emaSmooth(zig, 0.95).at(-1)!.value;
    assert.ok(Math.abs(last - 1) < 0.05, `ended at ${last}`);
  });
  it('passes non-finite values through without disturbing the average, and clamps the weight', () => {
    const out = emaSmooth(pts([2, NaN, 2]), 0.7);
    assert.ok(Number.isNaN(out[1]!.value));
    assert.equal(out[2]!.value, 2);
    assert.equal(emaSmooth(pts([0, 100]), 5)[1]!.value < 100, true, 'a weight above 0.99 is clamped, not rejected');
  });
});
