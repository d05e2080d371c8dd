/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { violated } from '../constraints/admissible.js';
import { parseExpression } from '../constraints/expression.js';
import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import { mustParse } from '../testing/drive.js';

const MIXED = {
  x: { distribution: 'uniform', min: 0, max: 1 },
  y: { distribution: 'int_uniform', min: 1, max: 8 },
  z: { values: [1, 2, 4, 8] },
  w: { distribution: 'log_uniform_values', min: 0.001, max: 1 },
  kind: { values: ['a', 'b'] },
};
const MIXED_CONSTRAINTS = ['x + y / 8 <= 1.1', 'z * y <= 16', 'w ** 0.5 < x + 0.5'];
const DISCRETE = { a: { values: [1, 2, 3, 4] }, b: { values: [1, 2, 4] }, c: { values: [0, 1] } };
const DISCRETE_CONSTRAINTS = ['a * b <= 4', 'not (c == 1 and a > 2)'];

/** Runs a sweep, telling each trial a value (or, for a third of them, out of memory); returns every proposal. */
function proposals(config: SweepConfig, seed: number, trials: number): Params[] {
  let state: SearcherState = initSearcher(config, seed);
  const out: Params[] = [];
  for (let i = 0; i < trials && !state.exhausted; i++) {
    const step = searcherStep(config, state, { type: 'request', count: 1 });
    state = step.state;
    const made = step.actions.find((a) => a.type === 'create');
    if (made?.type !== 'create') break;
    out.push(made.params);
    const p = made.params;
    const value = Object.values(p).reduce((s: number, v) => s + (typeof v === 'number' ? v : 0), 0);
    const oom = typeof p['x'] === 'number' ? p['x'] > 0.7 : p['a'] === 2;
    state = searcherStep(config, state, oom ? { type: 'finished', trial: made.trial, state: 'failed', infeasible: true } : { type: 'finished', trial: made.trial, state: 'completed', value }).state;
  }
  return out;
}

for (const method of ['grid', 'random', 'sobol', 'tpe', 'gp', 'bayes']) {
  const discrete = method === 'grid';
  const model = method === 'gp' || method === 'bayes';
  test(`property: every ${method} proposal meets the parameter constraints`, () => {
    const config = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters: discrete ? DISCRETE : MIXED, constraints: discrete ? DISCRETE_CONSTRAINTS : MIXED_CONSTRAINTS, max_concurrent: 100 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const made = proposals(config, seed, model ? 16 : 30);
        assert.ok(made.length > 0);
        for (const p of made) assert.deepEqual(violated(config, p).map((c) => c.text), [], JSON.stringify(p));
      }),
      { numRuns: model ? 3 : 10 },
    );
  });
}

test('grid visits exactly the points that meet the constraints, in order, then ends', () => {
  const config = mustParse({ method: 'grid', parameters: { a: { values: [1, 2, 3] }, b: { values: [1, 2, 3] } }, constraints: ['a + b <= 4'], max_concurrent: 100 });
  let state = initSearcher(config, 1);
  const out = searcherStep(config, state, { type: 'request', count: 20 });
  state = out.state;
  assert.deepEqual(out.actions.flatMap((a) => (a.type === 'create' ? [[a.params['a'], a.params['b']]] : [])), [[1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [3, 1]]);
  assert.deepEqual(out.actions.at(-1), { type: 'exhausted' });
  assert.equal(state.exhausted, true);
});

test('constraints nothing can meet at proposal time end the sweep with the reason', () => {
  const parsed = mustParse({ method: 'random', parameters: { x: { distribution: 'uniform', min: 0, max: 1 } } });
  // Bypasses the parse-time check on purpose: a region too small to sample looks like this.
  const config: SweepConfig = { ...parsed, constraints: { parameters: [{ text: 'x > 2', expr: parseExpression('x > 2'), names: ['x'] }], metrics: [] } };
  const out = searcherStep(config, initSearcher(config, 3), { type: 'request', count: 2 });
  assert.equal(out.actions.length, 1);
  const end = out.actions[0]!;
  assert.ok(end.type === 'exhausted' && /'x > 2'/.test(end.reason ?? ''), JSON.stringify(end));
  assert.equal(out.state.exhausted, true);
  assert.equal(searcherStep(config, out.state, { type: 'request', count: 1 }).actions.length, 0);
});

/** OOM when x + y > 0.9 (60% of the square); the optimum (0.2, 0.3) is well inside the feasible part. */
function infeasibleShare(method: string, seeds: number[]): number {
  const config = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { distribution: 'uniform', min: 0, max: 1 }, y: { distribution: 'uniform', min: 0, max: 1 } } });
  let infeasible = 0;
  let total = 0;
  for (const seed of seeds) {
    let state = initSearcher(config, seed);
    for (let i = 0; i < 40; i++) {
      const step = searcherStep(config, state, { type: 'request', count: 1 });
      const made = step.actions.find((a) => a.type === 'create');
      if (made?.type !== 'create') break;
      const x = made.params['x'] as number;
      const y = made.params['y'] as number;
      const oom = x + y > 0.9;
      infeasible += oom ? 1 : 0;
      total++;
      const event = oom ? ({ type: 'finished', trial: made.trial, state: 'failed', infeasible: true } as const) : ({ type: 'finished', trial: made.trial, state: 'completed', value: (x - 0.2) ** 2 + (y - 0.3) ** 2 } as const);
      state = searcherStep(config, step.state, event).state;
    }
  }
  return infeasible / total;
}

test('bayes learns where trials run out of memory: far fewer infeasible proposals than random after 40 trials', () => {
  const seeds = [1, 2, 3];
  const random = infeasibleShare('random', seeds);
  const bayes = infeasibleShare('bayes', seeds);
  const tpe = infeasibleShare('tpe', seeds);
  console.log(`infeasible shares after 40 trials: random ${random.toFixed(3)}, bayes ${bayes.toFixed(3)}, tpe ${tpe.toFixed(3)}`);
  assert.ok(random > 0.45, `random ${random}`);
  assert.ok(bayes < 0.5 * random, `bayes ${bayes} vs random ${random}`);
  assert.ok(tpe < 0.75 * random, `tpe ${tpe} vs random ${random}`);
});
