/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { minimizeLbfgs } from './lbfgs.js';
import { cholInverse, choleskyWithJitter, cholSolve } from './linalg.js';
import { primitivePolynomials } from './primitive-polynomials.js';
import { Sobol } from './sobol.js';

function spd(n: number, seed: number): Float64Array {
  const rng = Rng.fromSeed(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) a[i] = rng.normal();
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let l = 0; l < n; l++) s += a[i * n + l]! * a[j * n + l]!;
    k[i * n + j] = s + (i === j ? 0.1 : 0);
  }
  return k;
}

test('Cholesky solves and inverts symmetric positive-definite systems', () => {
  const n = 12;
  const k = spd(n, 1);
  const { l } = choleskyWithJitter(k, n)!;
  const b = Float64Array.from({ length: n }, (_, i) => i - 3);
  const x = cholSolve(l, n, b);
  const inv = cholInverse(l, n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += k[i * n + j]! * x[j]!;
    assert.ok(Math.abs(r - b[i]!) < 1e-8);
    for (let j = 0; j < n; j++) {
      let e = 0;
      for (let m = 0; m < n; m++) e += k[i * n + m]! * inv[m * n + j]!;
      assert.ok(Math.abs(e - (i === j ? 1 : 0)) < 1e-8);
    }
  }
});

test('jitter rescues a singular kernel matrix', () => {
  const n = 4;
  const k = new Float64Array(n * n).fill(1); // rank one
  const out = choleskyWithJitter(k, n);
  assert.ok(out && out.jitter > 0);
});

test('L-BFGS finds the Rosenbrock minimum and respects bounds', () => {
  const f = (x: Float64Array, g: Float64Array) => {
    const [a, b] = [x[0]!, x[1]!];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const r = minimizeLbfgs(f, [-1.2, 1], { lower: [-5, -5], upper: [5, 5], maxIterations: 500, maxEvaluations: 2000 });
  assert.ok(Math.abs(r.x[0]! - 1) < 1e-3 && Math.abs(r.x[1]! - 1) < 1e-3, String(r.x));
  const boxed = minimizeLbfgs(f, [0, 0], { lower: [-5, -5], upper: [0.5, 5], maxIterations: 500, maxEvaluations: 2000 });
  assert.ok(Math.abs(boxed.x[0]! - 0.5) < 1e-6 && boxed.x[0]! <= 0.5);
});

test('primitive polynomials come in the known counts per degree', () => {
  const polys = primitivePolynomials(160);
  const byDegree = new Map<number, number>();
  for (const p of polys) byDegree.set(31 - Math.clz32(p), (byDegree.get(31 - Math.clz32(p)) ?? 0) + 1);
  // phi(2^s - 1) / s
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((s) => byDegree.get(s)), [1, 1, 2, 2, 6, 6, 18, 16]);
});

test('scrambled Sobol points stratify every coordinate and the first pairs of coordinates', () => {
  const d = 6;
  const s = new Sobol(d, 42);
  const n = 64;
  const pts = Array.from({ length: n }, (_, i) => s.point(i));
  for (let j = 0; j < d; j++) {
    const bins = new Set(pts.map((p) => Math.floor(p[j]! * n)));
    assert.equal(bins.size, n, `coordinate ${j} is not a (0, m, 1)-net`);
  }
  // Dimensions 0 and 1 form a (0, m, 2)-net: every 8 x 8 box holds exactly one point.
  const boxes = new Set(pts.map((p) => `${Math.floor(p[0]! * 8)},${Math.floor(p[1]! * 8)}`));
  assert.equal(boxes.size, 64);
  assert.ok(pts.every((p) => p.every((u) => u > 0 && u < 1)));
  assert.notDeepEqual(new Sobol(d, 1).point(3), new Sobol(d, 2).point(3));
  assert.deepEqual(new Sobol(d, 7).point(5), new Sobol(d, 7).point(5));
});
