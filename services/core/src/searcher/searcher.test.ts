/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSweepConfig } from '../config/parse.js';
import type { SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';
import { gridSize } from '../space/grid.js';
import { isValidParams } from '../space/validity.js';
import { canonicalJson } from '../space/values.js';
import { anySpec, parametersOf } from '../testing/arbitraries.js';
import { bestTrial, better } from './objective.js';
import { initSearcher, searcherStep } from './searcher.js';
import type { SearcherAction, SearcherEvent, SearcherState } from './types.js';

function config(doc: Record<string, unknown>): SweepConfig {
  const r = parseSweepConfig(doc);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.config;
}

const randomConfig = config({
  method: 'random',
  metric: { name: 'loss', goal: 'minimize' },
  parameters: { lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 }, bs: { values: [16, 32, 64] } },
});
const gridConfig = config({
  method: 'grid',
  parameters: { a: { values: [1, 2, 3] }, b: { values: ['x', 'y'] }, c: { value: true }, n: { min: 0, max: 1 } },
});

/** Runs events in order, returning the final state and every action. */
function run(c: SweepConfig, state: SearcherState, events: SearcherEvent[]): { state: SearcherState; actions: SearcherAction[] } {
  const actions: SearcherAction[] = [];
  for (const event of events) {
    const out = searcherStep(c, state, event);
    state = out.state;
    actions.push(...out.actions);
  }
  return { state, actions };
}

/** Requests and completes trials until the searcher is exhausted or `limit` trials exist. */
function drain(c: SweepConfig, seed: number, limit = 1000): { state: SearcherState; actions: SearcherAction[] } {
  let state = initSearcher(c, seed);
  const actions: SearcherAction[] = [];
  while (!state.exhausted && state.nextTrial < limit) {
    const out = searcherStep(c, state, { type: 'request', count: Math.min(3, limit - state.nextTrial) });
    state = out.state;
    actions.push(...out.actions);
    for (const a of out.actions) {
      if (a.type !== 'create') continue;
      state = searcherStep(c, state, { type: 'finished', trial: a.trial, state: 'completed', value: a.trial }).state;
    }
  }
  return { state, actions };
}

function creates(actions: SearcherAction[]) {
  return actions.filter((a): a is Extract<SearcherAction, { type: 'create' }> => a.type === 'create');
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e.code;
    throw e;
  }
  return undefined;
}

test('same seed, same trials; another seed, other trials', () => {
  const a = drain(randomConfig, 42, 20);
  const b = drain(randomConfig, 42, 20);
  const c = drain(randomConfig, 43, 20);
  assert.deepEqual(a, b);
  assert.notDeepEqual(creates(a.actions).map((x) => x.params), creates(c.actions).map((x) => x.params));
});

test('trial numbers start at 0 and increase by one', () => {
  const { actions } = drain(randomConfig, 1, 10);
  assert.deepEqual(creates(actions).map((a) => a.trial), [...Array(10).keys()]);
});

test('grid creates exactly gridSize trials, covers every point, then is exhausted once', () => {
  const { state, actions } = drain(gridConfig, 5);
  const made = creates(actions);
  assert.equal(gridSize(gridConfig.space), 12);
  assert.equal(made.length, 12);
  assert.equal(new Set(made.map((a) => canonicalJson(a.params))).size, 12);
  assert.equal(actions.filter((a) => a.type === 'exhausted').length, 1);
  assert.equal(actions[actions.length - 1]?.type, 'exhausted');
  assert.equal(state.gridCursor, 12);
  // Once exhausted, requests create nothing and do not repeat the signal.
  assert.deepEqual(searcherStep(gridConfig, state, { type: 'request', count: 4 }).actions, []);
});

test('grid order: first parameter slowest', () => {
  const { actions } = drain(gridConfig, 1);
  assert.deepEqual(creates(actions).slice(0, 3).map((a) => a.params), [
    { a: 1, b: 'x', c: true, n: 0 },
    { a: 1, b: 'x', c: true, n: 1 },
    { a: 1, b: 'y', c: true, n: 0 },
  ]);
});

test('run_cap caps created trials for grid and random', () => {
  const capped = config({ ...randomConfig.raw, run_cap: 7 });
  const { state, actions } = drain(capped, 9);
  assert.equal(creates(actions).length, 7);
  assert.ok(state.exhausted);
  assert.equal(actions.filter((a) => a.type === 'exhausted').length, 1);
  const cappedGrid = config({ ...gridConfig.raw, run_cap: 5 });
  assert.equal(creates(drain(cappedGrid, 9).actions).length, 5);
});

test('exhausted is emitted in the same step as the last create', () => {
  const c = config({ method: 'grid', parameters: { a: { values: [1, 2] } } });
  const out = searcherStep(c, initSearcher(c, 0), { type: 'request', count: 5 });
  assert.deepEqual(out.actions.map((a) => a.type), ['create', 'create', 'exhausted']);
});

test('random never exhausts without run_cap, and avoids duplicates while it can', () => {
  const c = config({ method: 'random', max_concurrent: 12, parameters: { a: { values: [1, 2, 3] }, b: { values: [true, false] } } });
  const first = searcherStep(c, initSearcher(c, 3), { type: 'request', count: 6 });
  assert.equal(new Set(creates(first.actions).map((a) => canonicalJson(a.params))).size, 6);
  const more = searcherStep(c, first.state, { type: 'request', count: 6 });
  assert.equal(creates(more.actions).length, 6);
  assert.ok(!more.state.exhausted && !more.actions.some((a) => a.type === 'exhausted'));
});

test('max_concurrent bounds pending trials', () => {
  const c = config({ ...randomConfig.raw, max_concurrent: 2 });
  let out = searcherStep(c, initSearcher(c, 0), { type: 'request', count: 5 });
  assert.equal(creates(out.actions).length, 2);
  out = searcherStep(c, out.state, { type: 'request', count: 5 });
  assert.equal(creates(out.actions).length, 0);
  out = searcherStep(c, out.state, { type: 'finished', trial: 0, state: 'failed' });
  out = searcherStep(c, out.state, { type: 'request', count: 5 });
  assert.deepEqual(creates(out.actions).map((a) => a.trial), [2]);
});

test('reports are kept per step, sorted, re-reports replace', () => {
  let { state } = run(randomConfig, initSearcher(randomConfig, 0), [{ type: 'request', count: 1 }]);
  state = run(randomConfig, state, [
    { type: 'report', trial: 0, step: 2, value: 0.5 },
    { type: 'report', trial: 0, step: 1, value: 0.9 },
    { type: 'report', trial: 0, step: 2, value: 0.4 },
  ]).state;
  assert.deepEqual(state.trials[0]?.reports, [[1, 0.9], [2, 0.4]]);
  assert.equal(state.trials[0]?.value, 0.4);
  assert.equal(state.trials[0]?.status, 'pending');
});

test('finished: completed takes the given value, else the last report; failed keeps only reports', () => {
  let { state } = run(randomConfig, initSearcher(randomConfig, 0), [{ type: 'request', count: 3 }]);
  state = run(randomConfig, state, [
    { type: 'finished', trial: 0, state: 'completed', value: 0.25 },
    { type: 'report', trial: 1, step: 1, value: 0.7 },
    { type: 'finished', trial: 1, state: 'pruned', value: null },
    { type: 'finished', trial: 2, state: 'failed', value: 0.01 },
  ]).state;
  assert.deepEqual([state.trials[0]?.status, state.trials[0]?.value], ['completed', 0.25]);
  assert.deepEqual([state.trials[1]?.status, state.trials[1]?.value], ['pruned', 0.7]);
  assert.deepEqual([state.trials[2]?.status, state.trials[2]?.value], ['failed', undefined]);
  assert.equal(bestTrial(state, 'minimize')?.trial, 0);
});

test('reaching metric.target ends the sweep', () => {
  const c = config({ ...randomConfig.raw, metric: { name: 'loss', goal: 'minimize', target: 0.1 } });
  let out = searcherStep(c, initSearcher(c, 0), { type: 'request', count: 2 });
  out = searcherStep(c, out.state, { type: 'finished', trial: 0, state: 'completed', value: 0.2 });
  assert.deepEqual(out.actions, []);
  out = searcherStep(c, out.state, { type: 'finished', trial: 1, state: 'completed', value: 0.1 });
  assert.deepEqual(out.actions, [{ type: 'exhausted' }]);
  assert.deepEqual(searcherStep(c, out.state, { type: 'request', count: 2 }).actions, []);
});

test('invalid events raise coded errors', () => {
  const { state } = run(randomConfig, initSearcher(randomConfig, 0), [
    { type: 'request', count: 2 },
    { type: 'finished', trial: 1, state: 'completed', value: 1 },
  ]);
  const step = (e: unknown) => () => searcherStep(randomConfig, state, e as SearcherEvent);
  assert.equal(codeOf(step({ type: 'report', trial: 99, step: 1, value: 1 })), 'TRIAL_UNKNOWN');
  assert.equal(codeOf(step({ type: 'finished', trial: 99, state: 'completed', value: 1 })), 'TRIAL_UNKNOWN');
  assert.equal(codeOf(step({ type: 'report', trial: -1, step: 1, value: 1 })), 'EVENT_INVALID');
  assert.equal(codeOf(step({ type: 'report', trial: 1, step: 1, value: 1 })), 'TRIAL_NOT_PENDING');
  assert.equal(codeOf(step({ type: 'finished', trial: 1, state: 'failed' })), 'TRIAL_NOT_PENDING');
  assert.equal(codeOf(step({ type: 'report', trial: 0, step: 1, value: Number.NaN })), 'EVENT_INVALID');
  assert.equal(codeOf(step({ type: 'finished', trial: 0, state: 'completed', value: Infinity })), 'EVENT_INVALID');
  assert.equal(codeOf(step({ type: 'finished', trial: 0, state: 'done' })), 'EVENT_INVALID');
  assert.equal(codeOf(step({ type: 'request', count: -1 })), 'EVENT_INVALID');
  assert.equal(codeOf(step({ type: 'request', count: 1.5 })), 'EVENT_INVALID');
  assert.equal(codeOf(step({ type: 'restart' })), 'EVENT_INVALID');
  assert.equal(codeOf(() => searcherStep(randomConfig, { ...state, version: 99 } as never, { type: 'request', count: 1 })), 'STATE_INVALID');
});

test('a repeated finished event (redelivery) is a no-op', () => {
  let { state } = run(randomConfig, initSearcher(randomConfig, 0), [{ type: 'request', count: 1 }]);
  state = searcherStep(randomConfig, state, { type: 'finished', trial: 0, state: 'completed', value: 3 }).state;
  const again = searcherStep(randomConfig, state, { type: 'finished', trial: 0, state: 'completed', value: 3 });
  assert.equal(again.state, state);
  assert.deepEqual(again.actions, []);
});

test('every learning method proposes valid params and records which strategy did', () => {
  for (const method of ['sobol', 'tpe', 'gp', 'bayes', 'pbt']) {
    const c = config({ ...randomConfig.raw, method, pbt: method === 'pbt' ? { interval: 10 } : undefined });
    // PBT starts its population (8) and then only children of exploit decisions.
    const limit = method === 'pbt' ? 8 : 14;
    const { state, actions } = drain(c, 1, limit);
    const made = creates(actions);
    assert.equal(made.length, limit, method);
    assert.ok(made.every((a) => isValidParams(c.space, a.params)), method);
    assert.ok(Object.values(state.trials).every((t) => typeof t.source === 'string'), method);
  }
});

test('better and bestTrial follow the goal', () => {
  assert.ok(better('minimize', 1, 2) && !better('minimize', 2, 1) && !better('minimize', 1, 1));
  assert.ok(better('maximize', 2, 1) && !better('maximize', 1, 2));
  const { state } = drain(randomConfig, 0, 5);
  assert.equal(bestTrial(state, 'minimize')?.trial, 0);
  assert.equal(bestTrial(state, 'maximize')?.trial, 4);
  assert.equal(bestTrial(initSearcher(randomConfig, 0), 'minimize'), undefined);
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const eventArb = fc.oneof(
  fc.record({ type: fc.constant('request' as const), count: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ type: fc.constant('report' as const), pick: fc.nat(), step: fc.integer({ min: 0, max: 20 }), value: fc.double({ min: -10, max: 10, noNaN: true }) }),
  fc.record({ type: fc.constant('finished' as const), pick: fc.nat(), state: fc.constantFrom('completed' as const, 'pruned' as const, 'failed' as const), value: fc.option(fc.double({ min: -10, max: 10, noNaN: true })) }),
);

test('any event sequence keeps the invariants (JSON state, immutability, caps, valid params)', () => {
  fc.assert(
    fc.property(
      parametersOf(anySpec, 3),
      fc.constantFrom('random', 'grid', 'bayes'),
      fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer(),
      fc.array(eventArb, { maxLength: 40 }),
      (parameters, method, runCap, maxConcurrent, seed, events) => {
        const r = parseSweepConfig({ method, run_cap: runCap, max_concurrent: maxConcurrent, metric: { name: 'm' }, parameters });
        fc.pre(r.ok);
        if (!r.ok) return;
        const c = r.config;
        let state = deepFreeze(initSearcher(c, seed));
        let exhaustedSignals = 0;
        for (const e of events) {
          const pending = Object.entries(state.trials).filter(([, t]) => t.status === 'pending').map(([k]) => Number(k));
          let event: SearcherEvent;
          if (e.type === 'request') event = e;
          else if (pending.length === 0) continue;
          else if (e.type === 'report') event = { type: 'report', trial: pending[e.pick % pending.length]!, step: e.step, value: e.value };
          else event = { type: 'finished', trial: pending[e.pick % pending.length]!, state: e.state, value: e.value };
          const before = JSON.stringify(state);
          const out = searcherStep(c, state, event);
          assert.equal(JSON.stringify(state), before, 'input state was modified');
          assert.deepEqual(JSON.parse(JSON.stringify(out.state)), out.state);
          for (const a of out.actions) {
            if (a.type === 'exhausted') exhaustedSignals++;
            if (a.type === 'create') assert.ok(isValidParams(c.space, a.params));
          }
          state = deepFreeze(out.state);
          const open = Object.values(state.trials).filter((t) => t.status === 'pending').length;
          assert.ok(open <= maxConcurrent);
          assert.deepEqual(Object.keys(state.trials).map(Number), [...Array(state.nextTrial).keys()]);
          if (runCap !== undefined) assert.ok(state.nextTrial <= runCap);
          if (method === 'grid') assert.ok(state.nextTrial <= gridSize(c.space));
        }
        assert.ok(exhaustedSignals <= 1);
        assert.equal(exhaustedSignals === 1, state.exhausted);
      },
    ),
  );
});
