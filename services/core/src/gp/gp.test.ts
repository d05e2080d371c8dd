/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { defaultPrior, negLogPosterior } from './fit.js';
import type { Inputs } from './kernel.js';
import { logEi, logH } from './log-ei.js';
import { Posterior } from './posterior.js';

function randomInputs(n: number, d: number, cat: number[], seed: number): { inp: Inputs; y: Float64Array } {
  const rng = Rng.fromSeed(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = cat.includes(i % d) ? rng.int(0, 2) : rng.float();
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * x[i * d]!) + 0.1 * rng.normal());
  return { inp: { x, n, d, cat: Uint8Array.from({ length: d }, (_, l) => (cat.includes(l) ? 1 : 0)) }, y };
}

test('the hyperparameter gradient matches finite differences', () => {
  const { inp, y } = randomInputs(25, 3, [2], 1);
  const prior = defaultPrior(3);
  const theta = Float64Array.from([-1, -0.5, 0.2, 0.1, -4]);
  const grad = new Float64Array(5);
  negLogPosterior(inp, y, prior, theta, grad);
  for (let k = 0; k < 5; k++) {
    const h = 1e-5;
    const up = Float64Array.from(theta);
    const down = Float64Array.from(theta);
    up[k] = up[k]! + h;
    down[k] = down[k]! - h;
    const scratch = new Float64Array(5);
    const fd = (negLogPosterior(inp, y, prior, up, scratch) - negLogPosterior(inp, y, prior, down, scratch)) / (2 * h);
    assert.ok(Math.abs(fd - grad[k]!) < 1e-4 * Math.max(1, Math.abs(fd)), `component ${k}: ${grad[k]} vs ${fd}`);
  }
});

test('posterior mean/variance gradients match finite differences', () => {
  const { inp, y } = randomInputs(20, 3, [2], 2);
  const post = new Posterior(inp, y, { logLs: [-1, -0.7, 0], logSignal: 0, logNoise: -6 });
  const p = Float64Array.from([0.3, 0.6, 1]);
  const dm = new Float64Array(3);
  const dv = new Float64Array(3);
  post.predictWithGrad(p, dm, dv);
  for (let l = 0; l < 2; l++) {
    const h = 1e-6;
    const a = Float64Array.from(p);
    const b = Float64Array.from(p);
    a[l] = a[l]! + h;
    b[l] = b[l]! - h;
    const pa = post.predict(a);
    const pb = post.predict(b);
    assert.ok(Math.abs((pa.mean - pb.mean) / (2 * h) - dm[l]!) < 1e-5);
    assert.ok(Math.abs((pa.variance - pb.variance) / (2 * h) - dv[l]!) < 1e-5);
  }
});

test('the posterior interpolates its data when noise is tiny', () => {
  const { inp, y } = randomInputs(15, 2, [], 3);
  const post = new Posterior(inp, y, { logLs: [-1, -1], logSignal: 0, logNoise: -12 });
  for (let i = 0; i < 15; i++) {
    const p = post.predict(inp.x.subarray(i * 2, i * 2 + 2));
    assert.ok(Math.abs(p.mean - y[i]!) < 1e-3);
    assert.ok(p.variance < 1e-3);
  }
});

test('log h matches the direct formula where that is accurate, and stays finite far out', () => {
  for (const z of [-1.9, -0.5, 0, 1, 3]) {
    const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const cdf = 0.5 * (1 + erf(z / Math.SQRT2));
    assert.ok(Math.abs(logH(z).value - Math.log(z * cdf + pdf)) < 1e-6, `z=${z}`);
  }
  let prev = Infinity;
  for (const z of [-2, -5, -10, -39, -41, -100, -1e4]) {
    const v = logH(z).value;
    assert.ok(Number.isFinite(v) && v < prev, `log h(${z}) = ${v}`);
    prev = v;
  }
  // Continuity across the branch points.
  for (const z of [-2, -40]) assert.ok(Math.abs(logH(z - 1e-9).value - logH(z + 1e-9).value) < 1e-6);
  // The slope is d log h / dz.
  for (const z of [-30, -3, 0.5]) {
    const fd = (logH(z + 1e-6).value - logH(z - 1e-6).value) / 2e-6;
    assert.ok(Math.abs(fd - logH(z).slope) < 1e-4 * Math.max(1, Math.abs(fd)));
  }
  const e = logEi(0.2, 0.5, 0.1);
  assert.ok(Number.isFinite(e.value) && e.dMean < 0 && e.dSd > 0);
});

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse; integrate instead (test-only).
  const n = 20000;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = (x * (i + 0.5)) / n;
    s += Math.exp(-t * t);
  }
  return (2 / Math.sqrt(Math.PI)) * (s * x) / n;
}

test('the Matérn-5/2 distance and kernel: one definition, used by the fit and the posterior', async () => {
  const { matern52, matern52Terms, scaledSqDist, SQRT5 } = await import('./kernel.js');
  const inv = Float64Array.from([1 / 0.25, 1 / 4, 1]);
  const cat = Uint8Array.from([0, 0, 1]);
  // Real features: (dx / l)^2; a categorical feature adds 1 / l^2 when the choices differ.
  assert.equal(scaledSqDist([0.5, 1, 2], 0, [0, 0, 2], 0, inv, cat), 0.25 * 4 + 1 / 4);
  assert.equal(scaledSqDist([9, 0.5, 1, 3], 1, [0.5, 1, 2], 0, inv, cat), 0 + 0 + 1);
  const r2 = 0.7;
  const s = SQRT5 * Math.sqrt(r2);
  const k = (1 + s + (s * s) / 3) * Math.exp(-s);
  assert.ok(Math.abs(matern52(Math.sqrt(r2)) - k) < 1e-15);
  const t = matern52Terms(r2, 2, { k: 0, dk: 0 });
  assert.ok(Math.abs(t.k - 2 * k) < 1e-15);
  // dk: the derivative factor, -dk/dr / r; check against a finite difference in r.
  const r = Math.sqrt(r2);
  const h = 1e-6;
  const dkdr = (2 * matern52(r + h) - 2 * matern52(r - h)) / (2 * h);
  assert.ok(Math.abs(t.dk - -dkdr / r) < 1e-6, `${t.dk} vs ${-dkdr / r}`);
  assert.equal(matern52(0), 1);
  // The posterior's kernel is this kernel: its prior variance at a training point is the signal.
  const inp: Inputs = { x: Float64Array.from([0.1, 0.9, 0.5, 0.2]), n: 2, d: 2, cat: Uint8Array.from([0, 0]) };
  const post = new Posterior(inp, Float64Array.from([0, 1]), { logLs: [Math.log(0.3), Math.log(0.6)], logSignal: 0, logNoise: Math.log(1e-6) });
  const far = post.predict([100, 100]);
  assert.ok(Math.abs(far.variance - 1) < 1e-9 && Math.abs(far.mean) < 1e-9);
});
