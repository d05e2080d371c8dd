/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logNormalCdf } from '../math/log-normal-cdf.js';
import { Rng } from '../rng.js';
import { normalCdf } from '../space/normal-cdf.js';
import type { Hyper } from './fit.js';
import { localPenalty } from './local-penalty.js';
import { Posterior } from './posterior.js';

test('log Phi matches the direct formula where that is accurate and stays finite far out', () => {
  for (const z of [-1.9, -0.5, 0, 1, 3]) assert.ok(Math.abs(logNormalCdf(z).value - Math.log(normalCdf(z))) < 1e-9, `z = ${z}`);
  for (const z of [-2.5, -5, -10]) assert.ok(Math.abs(logNormalCdf(z).value - Math.log(normalCdf(z))) < 1e-6, `z = ${z}`);
  assert.ok(Number.isFinite(logNormalCdf(-60).value) && logNormalCdf(-60).value < -1700);
  // The slope is d log Phi / dz.
  for (const z of [-8, -2, -1, 0.5]) {
    const h = 1e-6;
    const fd = (logNormalCdf(z + h).value - logNormalCdf(z - h).value) / (2 * h);
    assert.ok(Math.abs(fd - logNormalCdf(z).slope) < 1e-4 * Math.max(1, Math.abs(fd)), `z = ${z}`);
  }
});

test('the local penalty is lowest at a running trial, vanishes far away, and its gradient matches finite differences', () => {
  const rng = Rng.fromSeed(9);
  const d = 2;
  const rows = Array.from({ length: 15 }, () => Float64Array.from({ length: d }, () => rng.float()));
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => x.set(r, i * d));
  const y = Float64Array.from(rows, (r) => (r[0]! - 0.4) ** 2 + (r[1]! - 0.6) ** 2);
  const hyper: Hyper = { logLs: [-1, -1], logSignal: -2, logNoise: Math.log(1e-6) };
  const cat = new Uint8Array(d);
  const post = new Posterior({ x, n: rows.length, d, cat }, y, hyper);
  const best = Math.min(...y);
  const running = Float64Array.from([0.45, 0.55]);
  const penalty = localPenalty(post, best, [running], rows, cat);
  const at = penalty(running);
  assert.ok(at < -0.01, `penalty at the running trial: ${at}`);
  assert.ok(penalty(Float64Array.from([0.47, 0.55])) > at);
  assert.ok(Math.abs(penalty(Float64Array.from([0.99, 0.01]))) < Math.abs(at));
  const p = Float64Array.from([0.5, 0.52]);
  const grad = new Float64Array(d);
  penalty(p, grad);
  for (let j = 0; j < d; j++) {
    const h = 1e-6;
    const up = Float64Array.from(p);
    const down = Float64Array.from(p);
    up[j] = up[j]! + h;
    down[j] = down[j]! - h;
    const fd = (penalty(up) - penalty(down)) / (2 * h);
    assert.ok(Math.abs(fd - grad[j]!) < 1e-5 * Math.max(1, Math.abs(fd)), `feature ${j}: ${fd} vs ${grad[j]}`);
  }
});
