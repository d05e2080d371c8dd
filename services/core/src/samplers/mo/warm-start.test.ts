/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initSearcher, searcherStep } from '../../searcher/searcher.js';
import { WARM_LIMIT } from '../../searcher/warm-start.js';
import type { SearcherState, WarmTrial } from '../../searcher/types.js';
import type { Params } from '../../space/types.js';
import { mustParse } from '../../testing/drive.js';
import { moHistoryOf } from './history.js';

const box = { x1: { distribution: 'uniform', min: 0, max: 1 }, x2: { distribution: 'uniform', min: 0, max: 1 } };
/** acc peaks at x2 = 0.7 whatever the cost (x1) is, so the whole front has x2 near 0.7. */
const accCost = (p: Params): number[] => [1 - ((p['x2'] as number) - 0.7) ** 2, p['x1'] as number];
const ACC_COST = [{ name: 'acc', goal: 'maximize' }, { name: 'cost', goal: 'minimize' }];

/** A prior sweep's coarse grid over the box, told with both objectives' values. */
function gridTrials(n: number, f: (p: Params) => number[]): WarmTrial[] {
  const out: WarmTrial[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const params = { x1: (i + 0.5) / n, x2: (j + 0.5) / n };
    out.push({ params, values: f(params) });
  }
  return out;
}

/** Asks and tells `n` trials one at a time; returns the state and each trial's params and source. */
function drive(doc: Record<string, unknown>, seed: number, n: number, warm: WarmTrial[] | undefined, f: (p: Params) => number[]): { state: SearcherState; made: { params: Params; source?: string }[] } {
  const c = mustParse(doc);
  let state = initSearcher(c, seed);
  if (warm) state = searcherStep(c, state, { type: 'warm_start', trials: warm }).state;
  const made: { params: Params; source?: string }[] = [];
  for (let i = 0; i < n; i++) {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    const a = out.actions.find((x) => x.type === 'create');
    assert.ok(a?.type === 'create');
    made.push({ params: a.params, source: out.state.trials[a.trial]!.source });
    state = searcherStep(c, out.state, { type: 'finished', trial: a.trial, state: 'completed', values: f(a.params) }).state;
  }
  return { state, made };
}

for (const [method, metrics, model] of [
  ['bayes', ACC_COST, 'ehvi'],
  ['tpe', ACC_COST, 'motpe'],
  ['bayes', [...ACC_COST, { name: 'x2', goal: 'minimize' }], 'parego'],
] as const) {
  test(`${method} with ${metrics.length} objectives: enough warm trials skip the Sobol design (${model} from the first ask)`, () => {
    const f = (p: Params) => [...accCost(p), p['x2'] as number].slice(0, metrics.length);
    const doc = { method, metrics, parameters: box, warm_start: { sweep: 'prior' } };
    const cold = drive(doc, 3, 3, undefined, f);
    assert.deepEqual(cold.made.map((m) => m.source), ['sobol', 'sobol', 'sobol']);
    const warm = drive(doc, 3, 3, gridTrials(3, f), f);
    assert.equal(warm.state.warm?.length, 9);
    assert.deepEqual(warm.made.map((m) => m.source), [model, model, model]);
  });
}

test('warm trials fewer than the initial design count towards it', () => {
  const doc = { method: 'bayes', metrics: ACC_COST, parameters: box, warm_start: { sweep: 'prior' } };
  // Two parameters: a 4-trial initial design; 3 warm trials leave one Sobol trial to run.
  const warm = gridTrials(2, accCost).slice(0, 3);
  assert.deepEqual(drive(doc, 1, 3, warm, accCost).made.map((m) => m.source), ['sobol', 'ehvi', 'ehvi']);
});

test('the warm trials steer the first model proposals, with a maximized objective turned around', () => {
  const doc = { method: 'bayes', metrics: ACC_COST, parameters: box, warm_start: { sweep: 'prior' } };
  for (const seed of [0, 1, 2]) {
    const { made } = drive(doc, seed, 5, gridTrials(4, accCost), accCost);
    // Read as "lower is better", acc would pull x2 to 0 or 1; the front lies at x2 = 0.7.
    const near = made.filter((m) => Math.abs((m.params['x2'] as number) - 0.7) < 0.2).length;
    assert.ok(near >= 4, `seed ${seed}: x2 of the first proposals ${made.map((m) => (m.params['x2'] as number).toFixed(2)).join(', ')}`);
  }
});

test('moHistoryOf turns warm values "lower is better" and puts them before the sweep\'s own trials', () => {
  const c = mustParse({ method: 'bayes', metrics: ACC_COST, parameters: box, warm_start: { sweep: 'prior' } });
  let state = searcherStep(c, initSearcher(c, 0), { type: 'warm_start', trials: [{ params: { x1: 0.1, x2: 0.2 }, values: [0.9, 0.1] }] }).state;
  const out = searcherStep(c, state, { type: 'request', count: 1 });
  const a = out.actions[0]!;
  assert.ok(a.type === 'create');
  state = searcherStep(c, out.state, { type: 'finished', trial: a.trial, state: 'completed', values: [0.5, 0.4] }).state;
  assert.deepEqual(moHistoryOf(state, c.objectives!).observed.map((o) => o.ys), [[-0.9, 0.1], [-0.5, 0.4]]);
});

test(`more than ${WARM_LIMIT} warm trials are thinned along the Pareto order, keeping the best and the worst`, () => {
  const c = mustParse({ method: 'bayes', metrics: ACC_COST, parameters: box, warm_start: { sweep: 'prior' } });
  const trials = gridTrials(18, accCost); // 324 trials
  const out = searcherStep(c, initSearcher(c, 0), { type: 'warm_start', trials });
  const kept = out.state.warm!;
  assert.equal(kept.length, WARM_LIMIT);
  assert.ok(kept.every((t) => t.value === undefined && t.values!.length === 2));
  const key = (t: WarmTrial) => `${(t.params['x1'] as number).toFixed(3)},${(t.params['x2'] as number).toFixed(3)}`;
  const keys = new Set(kept.map(key));
  assert.equal(keys.size, WARM_LIMIT, 'no trial kept twice');
  // The cheapest trial with x2 nearest 0.7 dominates all others; the dearest one with x2 farthest from it is dominated by all.
  assert.ok(keys.has('0.028,0.694'), 'the front is kept');
  assert.ok(keys.has('0.972,0.028'), 'the worst trial is kept too, so the model sees bad regions');
});
