/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../rng.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import { isValidParams } from '../space/validity.js';
import { anySpec, parametersOf } from '../testing/arbitraries.js';
import { mustParse } from '../testing/drive.js';
import { explore } from './explore.js';

const parameters = {
  lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1 },
  momentum: { distribution: 'uniform', min: 0, max: 0.95 },
  layers: { distribution: 'int_uniform', min: 1, max: 6 },
  act: { values: ['relu', 'gelu', 'silu'] },
};

test('explore keeps every param valid, for any space', () => {
  fc.assert(
    fc.property(parametersOf(anySpec, 4), fc.integer({ min: 0, max: 1e6 }), (params, seed) => {
      const c = mustParse({ method: 'pbt', metric: { name: 'loss', goal: 'minimize' }, parameters: params, pbt: { interval: 2, resample_probability: 0.3 } });
      const rng = Rng.fromSeed(seed);
      let p = initFounder(c, seed);
      for (let i = 0; i < 10; i++) {
        p = explore(c.space, c.pbt!, p, rng);
        assert.ok(isValidParams(c.space, p), JSON.stringify(p));
      }
    }),
    { numRuns: 100 },
  );
});

function initFounder(c: ReturnType<typeof mustParse>, seed: number) {
  const out = searcherStep(c, initSearcher(c, seed), { type: 'request', count: 1 });
  const a = out.actions[0]!;
  assert.equal(a.type, 'create');
  return a.type === 'create' ? a.params : {};
}

/** Round-robin training like the benchmark: every member reports each step with a checkpoint. */
function runPopulation(seed: number, steps: number, loss: (p: Record<string, unknown>, step: number) => number) {
  const c = mustParse({ method: 'pbt', metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: 6, pbt: { population_size: 6, interval: 4 } });
  let state: SearcherState = initSearcher(c, seed);
  const active = new Map<number, number>(); // trial -> step
  const ask = () => {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    state = out.state;
    const a = out.actions.find((x) => x.type === 'create');
    if (a?.type === 'create') active.set(a.trial, a.restore?.step ?? 0);
    return a;
  };
  for (let i = 0; i < 6; i++) ask();
  assert.equal(ask(), undefined, 'population is complete');
  let exploits = 0;
  while (active.size > 0) {
    for (const [trial, at] of [...active]) {
      const step = at + 1;
      active.set(trial, step);
      const value = loss(state.trials[trial]!.params, step);
      if (step >= steps) {
        state = searcherStep(c, state, { type: 'finished', trial, state: 'completed', value }).state;
        active.delete(trial);
        continue;
      }
      const out = searcherStep(c, state, { type: 'report', trial, step, value, checkpoint: true });
      state = out.state;
      const stop = out.actions.find((a) => a.type === 'stop');
      if (stop?.type !== 'stop') continue;
      exploits++;
      assert.equal(stop.evidence['rule'], 'pbt');
      state = searcherStep(c, state, { type: 'finished', trial, state: 'pruned' }).state;
      active.delete(trial);
      const child = ask();
      assert.ok(child?.type === 'create' && child.restore, 'a stopped member is replaced by a child');
      const parent = state.trials[child.restore.trial]!;
      assert.ok(parent.checkpoint !== undefined && child.restore.step === parent.checkpoint);
      assert.ok(isValidParams(c.space, child.params));
    }
  }
  return { state, exploits };
}

test('PBT replaces bottom members by explored children of top members, resuming from checkpoints', () => {
  const loss = (p: Record<string, unknown>, step: number) => Math.abs(Math.log10(p['lr'] as number) + 2) + 1 / step;
  const { state, exploits } = runPopulation(3, 40, loss);
  assert.ok(exploits >= 6, `only ${exploits} exploits`);
  // Children drift towards the better learning rate.
  const finals = Object.values(state.trials).filter((t) => t.status === 'completed').map((t) => Math.abs(Math.log10(t.params['lr'] as number) + 2));
  assert.equal(finals.length, 6);
  assert.ok(Math.min(...finals) < 0.3, String(finals));
});

test('PBT is deterministic for a seed', () => {
  const loss = (p: Record<string, unknown>, step: number) => (p['momentum'] as number) + 1 / step;
  assert.deepEqual(JSON.stringify(runPopulation(9, 20, loss).state), JSON.stringify(runPopulation(9, 20, loss).state));
});
