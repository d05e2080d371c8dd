/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalCdf, normalPdf, normalQuantile } from './normal-cdf.js';

test('normalCdf matches reference values', () => {
  // Reference values of the standard normal CDF (to 15+ digits).
  const cases: [number, number][] = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316301],
    [-5, 2.866515718791939e-7],
    [-10, 7.61985302416047e-24],
  ];
  for (const [z, p] of cases) assert.ok(Math.abs(normalCdf(z) - p) <= 1e-13 * Math.max(p, 1e-300) + 1e-16, `${z}: ${normalCdf(z)} vs ${p}`);
});

test('normalQuantile inverts normalCdf', () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 7.5, noNaN: true }), (z) => {
      // In the upper tail u = 1 - tiny: one ulp of u is worth 2^-53 / pdf(z) in z.
      const tol = 1e-9 * Math.max(1, Math.abs(z)) + (z > 0 ? 2 ** -53 / normalPdf(z) : 0);
      assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) <= tol, `${z}`);
    }),
  );
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
});
