/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { fitFeasibility } from './feasibility.js';

/** Trials on a 2-D grid, infeasible where x0 + x1 > 1 (an out-of-memory corner). */
function corner() {
  const pts: number[][] = [];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) pts.push([(i + 0.5) / 6, (j + 0.5) / 6]);
  const feasible = pts.map(([a, b]) => a! + b! <= 1);
  const inp = { x: Float64Array.from(pts.flat()), n: pts.length, d: 2, cat: new Uint8Array(2) };
  return { model: fitFeasibility(inp, feasible)!, feasible };
}

test('no infeasible trial, no feasibility model', () => {
  assert.equal(fitFeasibility({ x: Float64Array.from([0.1, 0.2]), n: 2, d: 1, cat: new Uint8Array(1) }, [true, true]), undefined);
});

test('P(feasible) is high deep in the feasible region and low deep in the infeasible one', () => {
  const { model } = corner();
  const p = (a: number, b: number) => Math.exp(model(Float64Array.from([a, b])));
  assert.ok(p(0.15, 0.2) > 0.8, `feasible side ${p(0.15, 0.2)}`);
  assert.ok(p(0.85, 0.8) < 0.2, `infeasible side ${p(0.85, 0.8)}`);
  assert.ok(p(0.3, 0.3) > p(0.5, 0.55) && p(0.5, 0.55) > p(0.7, 0.7), 'falls across the boundary');
});

test('its gradient matches finite differences', () => {
  const { model } = corner();
  const rng = Rng.fromSeed(4);
  for (let k = 0; k < 20; k++) {
    const x = Float64Array.from([rng.float(), rng.float()]);
    const g = new Float64Array(2);
    const v = model(x, g);
    assert.ok(Math.abs(v - model(x)) < 1e-12);
    for (let j = 0; j < 2; j++) {
      const h = 1e-6;
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[j] = up[j]! + h;
      down[j] = down[j]! - h;
      const fd = (model(up) - model(down)) / (2 * h);
      assert.ok(Math.abs(fd - g[j]!) <= 1e-4 * Math.max(1, Math.abs(fd)), `at ${Array.from(x)} feature ${j}: ${g[j]} vs ${fd}`);
    }
  }
});
