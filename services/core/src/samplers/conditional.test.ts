/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { explore } from '../pbt/explore.js';
import { Rng } from '../rng.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import { gridPoints, gridSize } from '../space/grid.js';
import type { Params, Space } from '../space/types.js';
import { isValidValue } from '../space/validity.js';
import { canonicalJson } from '../space/values.js';
import { conditionalGridParameters, conditionalParameters, expectedActive } from '../testing/conditional-arbitraries.js';
import { mustParse, optimize } from '../testing/drive.js';
import { METHODS, SAMPLERS } from './registry.js';

/**
 * Conditional spaces, for every registered method: each proposal holds exactly the
 * parameters its own choices activate, each within its dimension, across parallel asks,
 * failures and PBT's explore (which moves choices between branches).
 */

function assertValidUnderConditions(space: Space, params: Params): void {
  const active = expectedActive(space, params);
  assert.deepEqual(Object.keys(params).sort(), [...active].sort(), `exactly the active params: ${JSON.stringify(params)}`);
  for (const dim of space) if (active.has(dim.name)) assert.ok(isValidValue(dim, params[dim.name]), `${dim.name} = ${JSON.stringify(params[dim.name])}`);
}

function drive(method: (typeof METHODS)[number], parameters: Record<string, unknown>, seed: number, rounds: number): { space: Space; state: SearcherState } {
  const c = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: 4, ...SAMPLERS[method].exampleConfig });
  let state = initSearcher(c, seed);
  for (let round = 0; round < rounds && !state.exhausted; round++) {
    const out = searcherStep(c, state, { type: 'request', count: 2 });
    state = out.state;
    out.actions.forEach((a, i) => {
      if (a.type !== 'create') return;
      assertValidUnderConditions(c.space, a.params);
      const value = (canonicalJson(a.params).length % 7) + round / 10;
      // PBT learns from reports; the others from completions (one of them fails now and then).
      state = searcherStep(c, state, { type: 'report', trial: a.trial, step: 2, value, checkpoint: true }).state;
      if (method !== 'pbt' || round % 3 === 2) state = searcherStep(c, state, { type: 'finished', trial: a.trial, state: i === 1 && round % 4 === 3 ? 'failed' : 'completed', value }).state;
    });
  }
  for (const rec of Object.values(state.trials)) assertValidUnderConditions(c.space, rec.params);
  return { space: c.space, state };
}

for (const method of METHODS.filter((m) => !SAMPLERS[m].discreteOnly)) {
  test(`${method}: every proposal in a conditional space holds exactly its active params, each valid`, () => {
    fc.assert(
      fc.property(conditionalParameters(), fc.integer({ min: 0, max: 1000 }), (parameters, seed) => {
        drive(method, parameters, seed, 10);
      }),
      { numRuns: method === 'gp' || method === 'bayes' ? 12 : 30 },
    );
  });
}

test('grid: enumerates the tree of a conditional space once, no two points differing only in absent params', () => {
  fc.assert(
    fc.property(conditionalGridParameters, (parameters) => {
      const c = mustParse({ method: 'grid', parameters, run_cap: 100_000 });
      const size = gridSize(c.space);
      fc.pre(size <= 3000);
      const points = [...gridPoints(c.space)];
      for (const p of points) assertValidUnderConditions(c.space, p);
      // Brute force: every full combination, pruned to its active params, de-duplicated.
      const full = mustParse({ method: 'grid', parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => {
        const { when: _w, ...rest } = v as Record<string, unknown>;
        return [k, rest];
      })), run_cap: 100_000 });
      const distinct = new Set<string>();
      for (const p of gridPoints(full.space)) {
        const active = expectedActive(c.space, p);
        distinct.add(canonicalJson(Object.fromEntries(Object.entries(p).filter(([k]) => active.has(k)))));
      }
      assert.equal(new Set(points.map(canonicalJson)).size, distinct.size);
      assert.ok(points.every((p) => distinct.has(canonicalJson(p))));
      // Choice lists may repeat a value; otherwise the grid has no duplicates at all.
      if (!JSON.stringify(parameters).includes('values')) assert.equal(points.length, distinct.size);
    }),
    { numRuns: 60 },
  );
});

test('grid sweep: proposes the tree in order and then is spent', () => {
  const c = mustParse({ method: 'grid', max_concurrent: 20, parameters: { opt: { values: ['adam', 'sgd'] }, momentum: { values: [0.5, 0.9], when: { parameter: 'opt', value: 'sgd' } }, lr: { values: [0.1, 0.01] } } });
  let state = initSearcher(c, 1);
  const seen: Params[] = [];
  for (let i = 0; i < 10 && !state.exhausted; i++) {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    state = out.state;
    for (const a of out.actions) if (a.type === 'create') seen.push(a.params);
  }
  assert.deepEqual(seen, [
    { opt: 'adam', lr: 0.1 }, { opt: 'adam', lr: 0.01 },
    { opt: 'sgd', momentum: 0.5, lr: 0.1 }, { opt: 'sgd', momentum: 0.5, lr: 0.01 },
    { opt: 'sgd', momentum: 0.9, lr: 0.1 }, { opt: 'sgd', momentum: 0.9, lr: 0.01 },
  ]);
  assert.ok(state.exhausted);
});

test('random draws each branch as often as its choice and children only there', () => {
  const c = mustParse({ method: 'random', parameters: { opt: { values: ['adam', 'sgd', 'rmsprop'] }, momentum: { min: 0, max: 1, when: { parameter: 'opt', values: ['sgd', 'rmsprop'] } } } });
  let state = initSearcher(c, 5);
  let withMomentum = 0;
  const n = 600;
  const out = searcherStep({ ...c, maxConcurrent: n }, state, { type: 'request', count: n });
  state = out.state;
  for (const a of out.actions) if (a.type === 'create' && 'momentum' in a.params) withMomentum++;
  assert.ok(Math.abs(withMomentum / n - 2 / 3) < 0.07, `${withMomentum} of ${n}`);
});

/**
 * An optimizer choice where the best region lives under one branch, and only with its child
 * set right: sgd with momentum near 0.9 reaches 0; adam plateaus at 0.5; rmsprop is worse.
 */
function optimizerSurrogate(p: Params): number {
  const lr = Math.log10(p['lr'] as number);
  const lrTerm = (lr + 2.5) ** 2 / 4;
  if (p['optimizer'] === 'sgd') return lrTerm + 4 * ((p['momentum'] as number) - 0.9) ** 2;
  if (p['optimizer'] === 'adam') return 0.5 + lrTerm;
  return 1 + lrTerm + ((p['alpha'] as number) - 0.5) ** 2;
}

const OPTIMIZER_SPACE = {
  optimizer: { values: ['adam', 'sgd', 'rmsprop'] },
  lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1 },
  momentum: { min: 0, max: 0.99, when: { parameter: 'optimizer', value: 'sgd' } },
  alpha: { min: 0, max: 1, when: { parameter: 'optimizer', value: 'rmsprop' } },
};

function medianRegret(method: string, seeds: number[]): number {
  const regrets = seeds.map((seed) => {
    const c = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters: OPTIMIZER_SPACE });
    const { values } = optimize(c, seed, 50, optimizerSurrogate);
    return Math.min(...values);
  });
  regrets.sort((a, b) => a - b);
  return regrets[Math.floor(regrets.length / 2)]!;
}

test('bayes and tpe beat random on a conditional function (median regret at 50 trials, 5 seeds)', () => {
  const seeds = [1, 2, 3, 4, 5];
  const random = medianRegret('random', seeds);
  for (const method of ['tpe', 'bayes']) {
    const r = medianRegret(method, seeds);
    assert.ok(r < random, `${method} ${r} vs random ${random}`);
  }
});

test('PBT explore: a choice moved to another branch drops the old children and draws the new ones', () => {
  const c = mustParse({ method: 'random', parameters: { opt: { values: ['adam', 'sgd'] }, lr: { min: 0.001, max: 0.1 }, momentum: { min: 0.0, max: 0.99, when: { parameter: 'opt', value: 'sgd' } }, beta2: { min: 0.9, max: 0.999, when: { parameter: 'opt', value: 'adam' } } } });
  const rng = Rng.fromSeed(7);
  const parent = { opt: 'adam', lr: 0.01, beta2: 0.99 };
  let moved = 0;
  for (let i = 0; i < 200; i++) {
    const child = explore(c.space, { populationSize: 4, interval: 2, quantile: 0.25, perturb: [0.8, 1.2], resampleProbability: 0.25 }, parent, rng);
    assertValidUnderConditions(c.space, child);
    if (child['opt'] === 'sgd') {
      moved++;
      assert.ok(!('beta2' in child) && typeof child['momentum'] === 'number');
    } else {
      assert.ok(child['beta2'] !== 0.99, 'an active child is explored, not copied');
    }
  }
  assert.ok(moved > 20 && moved < 180, `moved ${moved} of 200`);
});

test('warm start keeps a prior trial when the params its own choices activate are valid, dropping the rest', () => {
  const c = mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: { opt: { values: ['adam', 'sgd'] }, lr: { min: 0.001, max: 0.1 }, momentum: { min: 0.0, max: 0.99, when: { parameter: 'opt', value: 'sgd' } } } });
  const out = searcherStep(c, initSearcher(c, 1), {
    type: 'warm_start',
    trials: [
      { params: { opt: 'adam', lr: 0.01, momentum: 0.5 }, value: 1 },
      { params: { opt: 'sgd', lr: 0.01, momentum: 0.9 }, value: 0.5 },
      { params: { opt: 'sgd', lr: 0.01 }, value: 0.7 },
    ],
  });
  assert.deepEqual(out.state.warm, [
    { params: { opt: 'adam', lr: 0.01 }, value: 1 },
    { params: { opt: 'sgd', lr: 0.01, momentum: 0.9 }, value: 0.5 },
  ]);
});
