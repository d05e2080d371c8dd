/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAskTellSession } from '../ask-tell.js';
import { parseSweepConfig } from '../config/parse.js';
import { featureSpace, toFeatures } from '../samplers/features.js';
import { costPenalty } from '../samplers/cost-model.js';
import { budgetLeft, costUnit } from './cost-unit.js';

const space = { x: { distribution: 'uniform', min: 0, max: 1 }, y: { distribution: 'uniform', min: 0, max: 1 } };
const config = (extra: object = {}) => {
  const r = parseSweepConfig({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: space, ...extra });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.config;
};

test('the cost unit is the budget’s: GPU-hours first, then hours, none without either', () => {
  assert.equal(costUnit(config({ budget: { gpu_hours: 5, wall_hours: 2 } })), 'gpu_hours');
  assert.equal(costUnit(config({ budget: { wall_hours: 2 } })), 'wall_hours');
  assert.equal(costUnit(config({ budget: { trials: 9 } })), undefined);
  assert.equal(costUnit(config()), undefined);
});

test('budget left: told costs against the GPU budget, or against hours × slots', () => {
  const trials = { 0: { params: {}, status: 'completed' as const, cost: 1 }, 1: { params: {}, status: 'pruned' as const, cost: 0.5 }, 2: { params: {}, status: 'pending' as const } };
  assert.equal(budgetLeft(config({ budget: { gpu_hours: 6 } }), { trials }), 0.75);
  assert.equal(budgetLeft(config({ budget: { wall_hours: 1 }, max_concurrent: 3 }), { trials }), 0.5);
  assert.equal(budgetLeft(config({ budget: { gpu_hours: 1 } }), { trials }), 0);
  assert.equal(budgetLeft(config(), { trials }), undefined);
});

test('cost penalty: nothing to learn from too few, flat or zero-weight costs', () => {
  const fs = featureSpace(config().space);
  const some = [0.1, 0.3, 0.5, 0.7, 0.9].map((x) => ({ params: { x, y: 0.5 }, cost: 1 + 9 * x }));
  assert.equal(costPenalty(fs, some.slice(0, 3), 1), undefined);
  assert.equal(costPenalty(fs, some.map((c) => ({ ...c, cost: 2 })), 1), undefined);
  assert.equal(costPenalty(fs, some, 0), undefined);
  assert.ok(costPenalty(fs, some, 1));
});

test('cost penalty: expensive places are penalized more, in proportion to the budget left, with a matching gradient', () => {
  const fs = featureSpace(config().space);
  const costs = [];
  for (let i = 0; i < 12; i++) { const x = (i + 0.5) / 12; costs.push({ params: { x, y: (i * 7 % 12) / 12 }, cost: Math.exp(3 * x) }); }
  const full = costPenalty(fs, costs, 1)!;
  const half = costPenalty(fs, costs, 0.5)!;
  const cheap = toFeatures(fs, { x: 0.1, y: 0.5 })!;
  const dear = toFeatures(fs, { x: 0.9, y: 0.5 })!;
  assert.ok(full(dear) < full(cheap) - 1, `log-cost gap about 2.4 expected: ${full(cheap)} vs ${full(dear)}`);
  assert.ok(Math.abs(half(dear) - half(cheap) - (full(dear) - full(cheap)) / 2) < 1e-9);
  const g = new Float64Array(fs.dims.length);
  const at = toFeatures(fs, { x: 0.5, y: 0.5 })!;
  const v = full(at, g);
  const h = 1e-5;
  const step = Float64Array.from(at);
  step[0] = step[0]! + h;
  assert.ok(Math.abs((full(step) - v) / h - g[0]!) < 1e-3 * Math.max(1, Math.abs(g[0]!)), `gradient ${g[0]} vs finite difference ${(full(step) - v) / h}`);
});

/** Drives a session with costs told; returns the costs of the trials after the initial design. */
function costsSpent(budgeted: boolean, seed: number): number[] {
  const cfg = { method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: space, ...(budgeted ? { budget: { gpu_hours: 60 } } : {}) };
  const made = createAskTellSession(cfg, seed);
  assert.ok(made.ok);
  const s = made.session;
  const out: number[] = [];
  for (let i = 0; i < 30; i++) {
    const r = s.handle('{"op":"ask"}') as { trial: number; params: { x: number; y: number } };
    // The loss does not depend on x, the cost grows 20-fold along it: x only spends money.
    const loss = (r.params.y - 0.3) ** 2;
    const cost = 0.1 * Math.exp(3 * r.params.x);
    s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: loss, cost }));
    if (i >= 10) out.push(cost);
  }
  return out;
}

test('with a GPU budget, bayes proposes cheaper trials where the cost barely buys anything', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let cheaper = 0;
  const seeds = [1, 2, 3, 4, 5];
  for (const seed of seeds) if (mean(costsSpent(true, seed)) < mean(costsSpent(false, seed))) cheaper++;
  assert.ok(cheaper >= 4, `cheaper on ${cheaper} of ${seeds.length} seeds`);
});

test('a told cost must be a finite number >= 0', () => {
  const made = createAskTellSession({ method: 'random', parameters: space }, 1);
  assert.ok(made.ok);
  const a = made.session.handle('{"op":"ask"}') as { trial: number };
  assert.match(String(made.session.handle(JSON.stringify({ op: 'tell', trial: a.trial, value: 1, cost: -2 })).error), /cost must be >= 0/);
  assert.match(String(made.session.handle(JSON.stringify({ op: 'tell', trial: a.trial, value: 1, cost: 'x' })).error), /cost/);
  assert.deepEqual(made.session.handle(JSON.stringify({ op: 'tell', trial: a.trial, value: 1, cost: 0.5 })), { ok: true });
  assert.equal(made.session.state().trials[a.trial]?.cost, 0.5);
});

test('under a budget the GP keeps the tail map, where the cost penalty was measured; without one a valley takes the log map', () => {
  const wide = { x: { distribution: 'uniform', min: -10, max: 10 }, y: { distribution: 'uniform', min: -10, max: 10 } };
  // Dixon-Price in two dimensions: the valley the log map is for.
  const valley = (p: Record<string, unknown>) => ((p['x'] as number) - 1) ** 2 + 2 * (2 * (p['y'] as number) ** 2 - (p['x'] as number)) ** 2;
  const mapAfter = (extra: object): unknown => {
    const made = createAskTellSession({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: wide, ...extra }, 3);
    assert.ok(made.ok);
    for (let i = 0; i < 30; i++) {
      const r = made.session.handle('{"op":"ask"}') as { trial: number; params: Record<string, unknown> };
      made.session.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: valley(r.params), cost: 1 + Math.abs(r.params['x'] as number) }));
    }
    return (made.session.state().sampler as { gp?: { transform?: string } }).gp?.transform;
  };
  assert.equal(mapAfter({}), 'log');
  assert.equal(mapAfter({ budget: { gpu_hours: 1000 } }), 'robust');
});
