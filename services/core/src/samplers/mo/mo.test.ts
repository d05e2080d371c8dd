/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume } from '../../pareto/hypervolume.js';
import { initSearcher, searcherStep } from '../../searcher/searcher.js';
import type { SearcherState } from '../../searcher/types.js';
import { isValidParams } from '../../space/validity.js';
import { canonicalJson } from '../../space/values.js';
import type { Params } from '../../space/types.js';
import { mustParse } from '../../testing/drive.js';

const METRICS = [{ name: 'f1', goal: 'minimize' }, { name: 'f2', goal: 'minimize' }];
const box = (d: number) => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i + 1}`, { distribution: 'uniform', min: 0, max: 1 }]));

/** ZDT1 (Zitzler, Deb & Thiele 2000): a convex front f2 = 1 - sqrt(f1) at x2..xd = 0. */
function zdt1(p: Params, d: number): number[] {
  const x = Array.from({ length: d }, (_, i) => p[`x${i + 1}`] as number);
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (d - 1);
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}

/** Asks `batch` trials at a time before telling them, so pending trials are always present. */
function run(method: string, seed: number, trials: number, batch: number, f: (p: Params) => number[], parameters: Record<string, unknown>): { state: SearcherState; values: number[][]; params: string[] } {
  const c = mustParse({ method, metrics: METRICS, parameters, max_concurrent: 100 });
  let state = initSearcher(c, seed);
  const values: number[][] = [];
  const params: string[] = [];
  while (values.length < trials && !state.exhausted) {
    const out = searcherStep(c, state, { type: 'request', count: batch });
    state = JSON.parse(JSON.stringify(out.state)) as SearcherState;
    const made = out.actions.flatMap((a) => (a.type === 'create' ? [a] : []));
    if (made.length === 0) break;
    for (const a of made) {
      assert.ok(isValidParams(c.space, a.params), JSON.stringify(a.params));
      params.push(canonicalJson(a.params));
      const v = f(a.params);
      values.push(v);
      state = searcherStep(c, state, { type: 'finished', trial: a.trial, state: 'completed', values: v }).state;
    }
  }
  return { state, values, params };
}

const SMALL = { a: { values: [1, 2, 3] }, b: { values: ['x', 'y'] }, c: { min: 1, max: 2, distribution: 'int_uniform' } };
const smallObjectives = (p: Params) => [Number(p['a']) + (p['b'] === 'x' ? 0.5 : 0), 4 - Number(p['a']) * Number(p['c'])];

for (const method of ['random', 'sobol', 'grid', 'tpe', 'gp', 'bayes']) {
  test(`${method} with two objectives: valid params, deterministic, values kept, no repeats in a small space`, () => {
    const a = run(method, 5, 12, 3, smallObjectives, SMALL);
    const b = run(method, 5, 12, 3, smallObjectives, SMALL);
    assert.deepEqual(a.params, b.params);
    assert.equal(new Set(a.params).size, a.params.length, 'repeats in a 12-point space');
    for (const rec of Object.values(a.state.trials)) {
      assert.equal(rec.status, 'completed');
      assert.equal(rec.values?.length, 2);
    }
  });
}

test('model-based samplers propose valid points with trials running (asks before tells) in a continuous space', () => {
  for (const method of ['tpe', 'gp', 'bayes']) {
    const r = run(method, 2, 24, 4, (p) => zdt1(p, 3), box(3));
    assert.equal(r.values.length, 24);
    assert.equal(new Set(r.params).size, 24, method);
    const sources = new Set(Object.values(r.state.trials).map((t) => t.source));
    assert.ok(method === 'tpe' ? sources.has('motpe') : sources.has('ehvi'), `${method}: ${[...sources].join(', ')}`);
  }
});

test('on ZDT1 the GP and TPE fronts after 30 trials beat random in hypervolume on most seeds', () => {
  const seeds = [0, 1, 2, 3, 4];
  for (const method of ['bayes', 'tpe']) {
    let wins = 0;
    for (const seed of seeds) {
      const ours = hypervolume(run(method, seed, 30, 1, (p) => zdt1(p, 4), box(4)).values, [1.1, 6]);
      const random = hypervolume(run('random', seed, 30, 1, (p) => zdt1(p, 4), box(4)).values, [1.1, 6]);
      if (ours > random) wins++;
    }
    assert.ok(wins >= 4, `${method} beat random on ${wins} of ${seeds.length} seeds`);
  }
});

test('ParEGO (the alternative GP acquisition) also proposes fresh, valid points with trials running', () => {
  const c = mustParse({ method: 'gp', metrics: METRICS, parameters: box(3), max_concurrent: 100 });
  let state = initSearcher(c, 4);
  const seen = new Set<string>();
  for (let round = 0; round < 6; round++) {
    const out = searcherStep(c, state, { type: 'request', count: 3 }, { mo: { gpModel: 'parego' } });
    state = out.state;
    for (const a of out.actions) {
      if (a.type !== 'create') continue;
      seen.add(canonicalJson(a.params));
      state = searcherStep(c, state, { type: 'finished', trial: a.trial, state: 'completed', values: zdt1(a.params, 3) }).state;
    }
  }
  assert.equal(seen.size, 18);
  assert.ok(Object.values(state.trials).some((t) => t.source === 'parego'));
});

test('three objectives: the GP methods scalarize (ParEGO) and keep proposing fresh, valid points', () => {
  const three = mustParse({ method: 'bayes', metrics: [...METRICS, { name: 'f3', goal: 'maximize' }], parameters: box(3), max_concurrent: 100 });
  let state = initSearcher(three, 6);
  const seen = new Set<string>();
  for (let i = 0; i < 16; i++) {
    const out = searcherStep(three, state, { type: 'request', count: 1 });
    const made = out.actions.find((a) => a.type === 'create');
    assert.ok(made?.type === 'create');
    seen.add(canonicalJson(made.params));
    const [a, b] = zdt1(made.params, 3);
    state = searcherStep(three, out.state, { type: 'finished', trial: made.trial, state: 'completed', values: [a!, b!, made.params['x2'] as number] }).state;
  }
  assert.equal(seen.size, 16);
  assert.ok(Object.values(state.trials).some((t) => t.source === 'parego'));
});

test('a maximized objective is turned around: the searcher moves towards large values', () => {
  const c = mustParse({ method: 'bayes', metrics: [{ name: 'acc', goal: 'maximize' }, { name: 'cost', goal: 'minimize' }], parameters: box(2) });
  let state = initSearcher(c, 1);
  const accs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    const made = out.actions.find((a) => a.type === 'create');
    assert.ok(made?.type === 'create');
    const x1 = made.params['x1'] as number;
    const x2 = made.params['x2'] as number;
    // acc peaks at x2 = 0.7 whatever the cost (x1) is, so the whole front has x2 near 0.7.
    const acc = 1 - (x2 - 0.7) ** 2;
    accs.push(acc);
    state = searcherStep(c, out.state, { type: 'finished', trial: made.trial, state: 'completed', values: [acc, x1] }).state;
  }
  const late = accs.slice(-10).reduce((s, v) => s + v, 0) / 10;
  const early = accs.slice(0, 10).reduce((s, v) => s + v, 0) / 10;
  assert.ok(late > early, `late mean acc ${late} vs early ${early}`);
});
