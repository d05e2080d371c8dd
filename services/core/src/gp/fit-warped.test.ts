/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { defaultPrior, type Hyper } from './fit.js';
import { fitWarped, type WarpedFitOptions } from './fit-warped.js';
import type { Inputs } from './kernel.js';
import { logMap, logWarped, robustMap, robustWarped, standardize } from './output-transform.js';

function design(n: number, d: number, seed: number): Inputs {
  const rng = Rng.fromSeed(seed);
  return { x: Float64Array.from({ length: n * d }, () => rng.float()), n, d, cat: new Uint8Array(d) };
}

function values(inp: Inputs, f: (x: Float64Array) => number): number[] {
  return Array.from({ length: inp.n }, (_, i) => f(inp.x.subarray(i * inp.d, (i + 1) * inp.d)));
}

// Dixon-Price on [-10, 10]^d: a curved valley a few units deep, walls up to 1e4 and beyond.
const valley = (u: Float64Array): number => {
  const x = Array.from(u, (v) => 20 * v - 10);
  let s = (x[0]! - 1) ** 2;
  for (let i = 1; i < x.length; i++) s += (i + 1) * (2 * x[i]! ** 2 - x[i - 1]!) ** 2;
  return s;
};
const bowl = (u: Float64Array): number => u.reduce((s, v, i) => s + (i + 1) * (v - 0.3) ** 2, 0);

function options(d: number, over: Partial<WarpedFitOptions> = {}): WarpedFitOptions {
  return { prior: defaultPrior(d), starts: [], budget: 60, cachedTransform: undefined, margin: 0.25, ...over };
}

test('auto takes the log map for a valley that spans decades, and keeps the robust map for a bowl', () => {
  const flat = design(40, 2, 1);
  assert.equal(fitWarped(flat, values(flat, valley), 'auto', options(2)).transform, 'log');
  const wide = design(40, 4, 1);
  assert.equal(fitWarped(wide, values(wide, bowl), 'auto', options(4)).transform, 'robust');
});

test('the choice does not depend on the units of the objective', () => {
  const inp = design(40, 2, 2);
  for (const f of [valley, bowl]) {
    const ys = values(inp, f);
    const scaled = ys.map((y) => 1000 * y - 7);
    assert.equal(fitWarped(inp, scaled, 'auto', options(2)).transform, fitWarped(inp, ys, 'auto', options(2)).transform);
  }
});

test('the log map must win by the margin', () => {
  const inp = design(40, 2, 1);
  assert.equal(fitWarped(inp, values(inp, valley), 'auto', options(2, { margin: 0 })).transform, 'log');
  assert.equal(fitWarped(inp, values(inp, valley), 'auto', options(2, { margin: 2 })).transform, 'robust');
});

test('a reused fit keeps the map it was made on; a fixed map refits hyperparameters made on the other one', () => {
  const inp = design(30, 4, 3);
  const ys = values(inp, bowl);
  const last: Hyper = { logLs: [-1, -1, -1, -1], logSignal: 0.1, logNoise: -5 };
  const reused = fitWarped(inp, ys, 'auto', options(4, { starts: [last], budget: 0, cachedTransform: 'log' }));
  assert.equal(reused.transform, 'log');
  assert.deepEqual(reused.hyper, last);
  assert.deepEqual(reused.y, logWarped(ys).z);
  const fixed = fitWarped(inp, ys, 'robust', options(4, { starts: [last], budget: 0, cachedTransform: 'log' }));
  assert.equal(fixed.transform, 'robust');
  assert.notDeepEqual(fixed.hyper, last);
  assert.deepEqual(fitWarped(inp, ys, 'robust', options(4, { starts: [last], budget: 0, cachedTransform: 'robust' })).hyper, last);
  assert.equal(fitWarped(inp, values(inp, valley), 'robust', options(4)).transform, 'robust');
});

test('past 60 observations the map of the last fit is kept; without one it is chosen once', () => {
  const inp = design(70, 2, 4);
  const ys = values(inp, bowl);
  assert.equal(fitWarped(inp, ys, 'auto', options(2)).transform, 'robust');
  assert.equal(fitWarped(inp, ys, 'auto', options(2, { cachedTransform: 'log' })).transform, 'log');
  const deep = values(inp, valley);
  assert.equal(fitWarped(inp, deep, 'auto', options(2)).transform, 'log');
  assert.equal(fitWarped(inp, deep, 'auto', options(2, { cachedTransform: 'robust' })).transform, 'robust');
});

test('values near the float limits never make a non-finite score win', () => {
  const inp = design(20, 2, 5);
  // The log map's outputs overflow to NaN here; the robust map stays.
  const huge = values(inp, (u) => (u[0]! < 0.5 ? -1.7e308 : 1.7e308 * u[1]!));
  const fit = fitWarped(inp, huge, 'auto', options(2));
  assert.equal(fit.transform, 'robust');
});

test('the maps are monotone, standardized, and their log-Jacobians follow the chain rule', () => {
  const ys = [3, 1, 2, 250, 7, 1e4, 4];
  for (const w of [robustWarped(ys), logWarped(ys)]) {
    const order = [...ys.keys()].sort((a, b) => ys[a]! - ys[b]!);
    for (let k = 1; k < order.length; k++) assert.ok(w.z[order[k]!]! > w.z[order[k - 1]!]!);
    assert.ok(Math.abs(w.z.reduce((s, v) => s + v, 0)) < 1e-9);
  }
  // Below the tail's cut the robust map is affine: its Jacobian is -n log(sd).
  const small = [3, 1, 2, 4, 2.5];
  const z = standardize(small);
  const sd = (small[0]! - small[1]!) / (z[0]! - z[1]!);
  assert.ok(Math.abs(robustWarped(small).logJacobian + small.length * Math.log(sd)) < 1e-9);
  // With the map's constants held (read off the data once), log g' matches finite differences,
  // and the Jacobian is their sum less n log sd of the mapped values.
  for (const make of [robustMap, logMap]) {
    const map = make(ys);
    let sum = 0;
    for (const v of ys) {
      const h = 1e-6 * Math.max(1, Math.abs(v));
      const fd = (map.g(v + h) - map.g(v - h)) / (2 * h);
      assert.ok(Math.abs(Math.log(fd) - map.logDerivative(v)) < 1e-5, `${make.name} at ${v}: ${Math.log(fd)} vs ${map.logDerivative(v)}`);
      sum += map.logDerivative(v);
    }
    const g = ys.map((v) => map.g(v));
    const warped = make === robustMap ? robustWarped(ys) : logWarped(ys);
    const zg = standardize(g);
    const sdG = (g[0]! - g[1]!) / (zg[0]! - zg[1]!);
    assert.ok(Math.abs(warped.logJacobian - (sum - ys.length * Math.log(sdG))) < 1e-9, make.name);
  }
  // Multiplying the values by a multiplies every derivative by 1/a.
  const a = 50;
  for (const warp of [robustWarped, logWarped]) {
    const diff = warp(ys.map((y) => a * y)).logJacobian - warp(ys).logJacobian;
    assert.ok(Math.abs(diff + ys.length * Math.log(a)) < 1e-9, `${warp.name}: ${diff}`);
  }
});
