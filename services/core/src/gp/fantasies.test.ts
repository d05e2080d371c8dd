/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import type { Hyper } from './fit.js';
import type { Inputs } from './kernel.js';
import { Posterior } from './posterior.js';

/** Fantasies (pending trials at believed values) extend the Cholesky factor instead of refactoring. */

const d = 3;
const hyper: Hyper = { logLs: [-1, -0.7, -1.2], logSignal: 0.1, logNoise: Math.log(1e-4) };

function points(n: number, rng: Rng): Float64Array[] {
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.float()));
}

function inputs(rows: Float64Array[]): Inputs {
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => x.set(r, i * d));
  return { x, n: rows.length, d, cat: new Uint8Array(d) };
}

test('a posterior extended by fantasies equals one factored from scratch, and the base is untouched', () => {
  const rng = Rng.fromSeed(3);
  const rows = points(30, rng);
  const y = Float64Array.from(rows, (r) => Math.sin(4 * r[0]!) + r[1]! * r[2]!);
  const base = new Posterior(inputs(rows), y, hyper);
  const extra = points(7, rng);
  const lies = extra.map((p) => base.predict(p).mean);
  const probes = points(20, rng);
  const before = probes.map((p) => base.predict(p));
  const extended = base.withFantasies(extra, lies);
  const full = new Posterior(inputs([...rows, ...extra]), Float64Array.from([...y, ...lies]), hyper);
  assert.equal(extended.n, 37);
  probes.forEach((p, i) => {
    const a = extended.predict(p);
    const b = full.predict(p);
    assert.ok(Math.abs(a.mean - b.mean) < 1e-8 && Math.abs(a.variance - b.variance) < 1e-8, `probe ${i}`);
    // Believed at the mean, the fantasies leave the mean where it was and only shrink the variance.
    assert.ok(Math.abs(a.mean - before[i]!.mean) < 1e-6 && a.variance <= before[i]!.variance + 1e-12);
    assert.deepEqual(base.predict(p), before[i]);
  });
  // On a fantasy the variance is down to about the noise.
  assert.ok(extended.predict(extra[0]!).variance < 1e-3);
});

test('a fantasy on top of an observed point falls back to a jittered factorization', () => {
  const rng = Rng.fromSeed(4);
  const rows = points(10, rng);
  const y = Float64Array.from(rows, (r) => r[0]!);
  const noiseless: Hyper = { ...hyper, logNoise: Math.log(1e-12) };
  const base = new Posterior(inputs(rows), y, noiseless);
  const extended = base.withFantasies([Float64Array.from(rows[0]!)], [y[0]!]);
  assert.equal(extended.n, 11);
  assert.ok(Number.isFinite(extended.predict(rows[1]!).mean));
});

test('a joint posterior draw is pinned at the data and spread like the posterior elsewhere', () => {
  const rng = Rng.fromSeed(5);
  const rows = points(12, rng);
  const y = Float64Array.from(rows, (r) => r[0]! - r[1]!);
  const post = new Posterior(inputs(rows), y, hyper);
  const probe = Float64Array.from([0.5, 0.5, 0.5]);
  const at = [rows[0]!, probe];
  const draws = Array.from({ length: 400 }, () => post.sampleJoint(at, () => rng.normal()));
  // At an observed point the draw is the observation, up to the noise.
  assert.ok(draws.every((s) => Math.abs(s[0]! - y[0]!) < 0.05));
  const p = post.predict(probe);
  const mean = draws.reduce((a, s) => a + s[1]!, 0) / draws.length;
  const variance = draws.reduce((a, s) => a + (s[1]! - mean) ** 2, 0) / draws.length;
  assert.ok(Math.abs(mean - p.mean) < 4 * Math.sqrt(p.variance / draws.length) + 1e-6, `mean ${mean} vs ${p.mean}`);
  assert.ok(variance > 0.6 * p.variance && variance < 1.5 * p.variance, `variance ${variance} vs ${p.variance}`);
});
