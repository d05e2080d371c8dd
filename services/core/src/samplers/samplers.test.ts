/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherEvent, SearcherState } from '../searcher/types.js';
import { gridPoints } from '../space/grid.js';
import { isValidParams } from '../space/validity.js';
import { canonicalJson } from '../space/values.js';
import { anySpec, discreteSpec, parametersOf } from '../testing/arbitraries.js';
import { mustParse } from '../testing/drive.js';
import { METHODS as REGISTERED, SAMPLERS } from './registry.js';

/**
 * Conformance suite every sampler passes: random event sequences (parallel asks, reports,
 * completions, prunes, failures) must keep params valid, trial numbers dense and increasing,
 * the state JSON round-trippable at every step (a restart resumes identically), results
 * deterministic per seed, and pending trials distinct in discrete spaces.
 */

// Every registered sampler that takes any space (grid needs a discrete one; see conformance.test.ts).
const METHODS = REGISTERED.filter((m) => !SAMPLERS[m].discreteOnly);

const eventArb = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('request' as const), count: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(), state: fc.constantFrom('completed' as const, 'completed' as const, 'pruned' as const, 'failed' as const), value: fc.double({ min: -5, max: 5, noNaN: true }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('report' as const), pick: fc.nat(), step: fc.integer({ min: 1, max: 30 }), value: fc.double({ min: -5, max: 5, noNaN: true }) }) },
  ),
  { minLength: 5, maxLength: 40 },
);

type Ev = { kind: 'request'; count: number } | { kind: 'finish'; pick: number; state: 'completed' | 'pruned' | 'failed'; value: number } | { kind: 'report'; pick: number; step: number; value: number };

function toEvent(state: SearcherState, e: Ev): SearcherEvent | undefined {
  if (e.kind === 'request') return { type: 'request', count: e.count };
  const pending = Object.keys(state.trials).map(Number).filter((t) => state.trials[t]!.status === 'pending');
  if (pending.length === 0) return undefined;
  const trial = pending[e.pick % pending.length]!;
  if (e.kind === 'report') return { type: 'report', trial, step: e.step, value: e.value, checkpoint: true };
  return { type: 'finished', trial, state: e.state, value: e.value };
}

function replay(c: SweepConfig, seed: number, events: Ev[], roundTrip: boolean): SearcherState[] {
  let state = initSearcher(c, seed);
  const states = [state];
  for (const e of events) {
    const event = toEvent(state, e);
    if (!event) continue;
    const out = searcherStep(c, state, event);
    // Persisting and reloading (jsonb) must not change anything that follows.
    state = roundTrip ? (JSON.parse(JSON.stringify(out.state)) as SearcherState) : out.state;
    states.push(state);
  }
  return states;
}

for (const method of METHODS) {
  test(`${method}: valid params, dense trial numbers, JSON state, determinism`, () => {
    fc.assert(
      fc.property(parametersOf(anySpec, 3), eventArb, fc.integer({ min: 0, max: 1000 }), (parameters, events, seed) => {
        const c = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: 6, ...SAMPLERS[method].exampleConfig });
        const a = replay(c, seed, events, true);
        const b = replay(c, seed, events, false);
        assert.deepEqual(a.map((s) => JSON.stringify(s)), b.map((s) => JSON.stringify(s)), 'round trip or determinism broke');
        const last = a[a.length - 1]!;
        assert.deepEqual(Object.keys(last.trials).map(Number), [...Array(last.nextTrial).keys()]);
        for (const rec of Object.values(last.trials)) assert.ok(isValidParams(c.space, rec.params), JSON.stringify(rec.params));
      }),
      { numRuns: method === 'gp' || method === 'bayes' ? 25 : 60 },
    );
  });
}

for (const method of REGISTERED.filter((m) => SAMPLERS[m].avoidsRepeats)) {
  test(`${method}: pending trials never share params while the discrete space has room`, () => {
    fc.assert(
      fc.property(parametersOf(discreteSpec, 3), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 4 }), (parameters, seed, batch) => {
        const c = mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: 8 });
        // Distinct points: a choice list may repeat a value.
        const size = new Set([...gridPoints(c.space)].map((p) => canonicalJson(p))).size;
        let state = initSearcher(c, seed);
        // Finish some trials so the models are active, keep others pending.
        for (let round = 0; round < 6; round++) {
          const out = searcherStep(c, state, { type: 'request', count: batch });
          state = out.state;
          const made = out.actions.filter((x) => x.type === 'create');
          if (made[0]?.type === 'create') state = searcherStep(c, state, { type: 'finished', trial: made[0].trial, state: 'completed', value: round }).state;
        }
        const all = Object.values(state.trials).map((t) => canonicalJson(t.params));
        if (all.length <= size) assert.equal(new Set(all).size, all.length, `duplicates in a space of ${size}`);
      }),
      { numRuns: method === 'gp' || method === 'bayes' ? 20 : 50 },
    );
  });
}

test('maximize is handled: models chase high values', () => {
  const c = mustParse({ method: 'bayes', metric: { name: 'acc', goal: 'maximize' }, parameters: { x: { distribution: 'uniform', min: 0, max: 1 } } });
  let state = initSearcher(c, 3);
  let best = -Infinity;
  for (let i = 0; i < 20; i++) {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    state = out.state;
    const a = out.actions[0]!;
    if (a.type !== 'create') break;
    const v = -(((a.params['x'] as number) - 0.8) ** 2);
    best = Math.max(best, v);
    state = searcherStep(c, state, { type: 'finished', trial: a.trial, state: 'completed', value: v }).state;
  }
  assert.ok(best > -1e-3, `best ${best}`);
});
