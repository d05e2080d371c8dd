/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downsampleMinMax, type SeriesPoint } from './downsample.js';

const series = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 2000 })
  .map((values): SeriesPoint[] => values.map((value, step) => ({ step: step * 3, value })));

test('downsampleMinMax keeps the first, last, global min and max, and at most max points in step order', () => {
  fc.assert(fc.property(series, fc.integer({ min: 4, max: 600 }), (points, max) => {
    const out = downsampleMinMax(points, max);
    assert.ok(out.length <= Math.max(max, 0));
    if (points.length <= max) return assert.deepEqual(out, points);
    assert.equal(out[0], points[0]);
    assert.equal(out[out.length - 1], points[points.length - 1]);
    const values = points.map((p) => p.value);
    assert.ok(out.some((p) => p.value === Math.min(...values)), 'global minimum kept');
    assert.ok(out.some((p) => p.value === Math.max(...values)), 'global maximum kept');
    for (let i = 1; i < out.length; i++) assert.ok(out[i - 1]!.step < out[i]!.step, 'strictly increasing steps');
    for (const p of out) assert.ok(points.includes(p), 'only points of the series');
  }), { numRuns: 300 });
});

test('downsampleMinMax keeps a single spike in a flat series', () => {
  const points = Array.from({ length: 100_000 }, (_, step) => ({ step, value: step === 77_777 ? 1e9 : 1 }));
  const out = downsampleMinMax(points, 100);
  assert.ok(out.length <= 100);
  assert.ok(out.some((p) => p.step === 77_777 && p.value === 1e9));
});

test('downsampleMinMax buckets like ntile: 10 points into 3 buckets of 4, 3, 3', () => {
  const values = [5, 1, 9, 2, /**/ 7, 0, 8, /**/ 3, 6, 4];
  const out = downsampleMinMax(values.map((value, step) => ({ step, value })), 8);
  assert.deepEqual(out.map((p) => p.step), [0, 1, 2, 5, 6, 7, 8, 9]);
});
