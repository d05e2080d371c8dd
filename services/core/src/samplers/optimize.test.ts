/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { Params } from '../space/types.js';
import { bestOf, mustParse, optimize } from '../testing/drive.js';

/**
 * Small optimization sanity checks: learning methods must beat random search on easy
 * problems, across seeds, by a margin that leaves no room for flakiness.
 */

const quadratic = (p: Params) => ((p['x'] as number) - 0.3) ** 2 + ((p['y'] as number) + 0.5) ** 2;
const space = { x: { distribution: 'uniform', min: -2, max: 2 }, y: { distribution: 'uniform', min: -2, max: 2 } };

function medianBest(method: string, trials: number, objective: (p: Params) => number, parameters: Record<string, unknown>): number {
  const c = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters });
  const bests = [0, 1, 2].map((seed) => bestOf(optimize(c, seed, trials, objective).values)).sort((a, b) => a - b);
  return bests[1]!;
}

test('gp and bayes beat random on a 2-d quadratic in 30 trials', () => {
  const random = medianBest('random', 30, quadratic, space);
  for (const method of ['gp', 'bayes']) {
    const model = medianBest(method, 30, quadratic, space);
    assert.ok(model < random / 20 && model < 1e-3, `${method}: ${model} vs random ${random}`);
  }
});

test('tpe beats random on a 2-d quadratic in 40 trials', () => {
  const random = medianBest('random', 40, quadratic, space);
  const tpe = medianBest('tpe', 40, quadratic, space);
  assert.ok(tpe < random, `tpe ${tpe} vs random ${random}`);
});

test('bayes handles a mixed space (log-scale, int, choice list, categorical)', () => {
  const parameters = {
    lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 },
    layers: { distribution: 'int_uniform', min: 1, max: 8 },
    batch: { values: [16, 32, 64, 128] },
    opt: { values: ['sgd', 'adam'] },
  };
  const f = (p: Params) =>
    (Math.log10(p['lr'] as number) + 3) ** 2 + 0.1 * ((p['layers'] as number) - 4) ** 2 + (p['batch'] === 64 ? 0 : 0.5) + (p['opt'] === 'adam' ? 0 : 1);
  const random = medianBest('random', 30, f, parameters);
  const bayes = medianBest('bayes', 30, f, parameters);
  assert.ok(bayes < random && bayes < 0.2, `bayes ${bayes} vs random ${random}`);
});

test('warm-started bayes skips its initial design and starts near the known optimum', () => {
  const c = mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: space, warm_start: { sweep: 'prior' } });
  const cold = optimize(c, 5, 6, quadratic).values;
  // The prior sweep: a coarse grid over the same space.
  const trials = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
    const params = { x: -2 + i, y: -2 + j };
    trials.push({ params, value: quadratic(params) });
  }
  const warm = optimizeWarm(c, 5, 6, trials);
  assert.ok(bestOf(warm) < 0.05 && bestOf(warm) < bestOf(cold), `warm ${bestOf(warm)} cold ${bestOf(cold)}`);
});

function optimizeWarm(c: SweepConfig, seed: number, n: number, trials: { params: Params; value: number }[]): number[] {
  let state = searcherStep(c, initSearcher(c, seed), { type: 'warm_start', trials }).state;
  assert.equal(state.warm?.length, 25);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    state = out.state;
    const a = out.actions[0]!;
    assert.equal(a.type, 'create');
    if (a.type !== 'create') break;
    const v = quadratic(a.params);
    values.push(v);
    state = searcherStep(c, state, { type: 'finished', trial: a.trial, state: 'completed', value: v }).state;
  }
  return values;
}

test('parallel asks from the GP spread out instead of piling onto one point', () => {
  const c = mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: space, max_concurrent: 8 });
  let state = optimize(c, 2, 12, quadratic).state;
  const out = searcherStep(c, state, { type: 'request', count: 6 });
  state = out.state;
  const pts = out.actions.flatMap((a) => (a.type === 'create' ? [[a.params['x'] as number, a.params['y'] as number]] : []));
  assert.equal(pts.length, 6);
  for (let i = 0; i < pts.length; i++) {
    for (let j = 0; j < i; j++) {
      const dist = Math.hypot(pts[i]![0]! - pts[j]![0]!, pts[i]![1]! - pts[j]![1]!);
      assert.ok(dist > 1e-3, `asks ${i} and ${j} nearly coincide: ${JSON.stringify(pts)}`);
    }
  }
});
