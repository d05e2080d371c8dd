/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from '../config/parse.js';
import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import { mustParse } from '../testing/drive.js';
import { decideStop } from './decide.js';
import { STOPPING_RULES, STOPPING_TYPES } from './registry.js';
import type { StopEvidence } from './types.js';

/** Shared tests every registered stopping rule runs through, with its own example config. */

const STEPS = 9;

/** Six good trials completed, then a clearly worse one reporting step by step. */
function scenario(c: SweepConfig): { state: SearcherState; bad: number; stop?: StopEvidence } {
  let state = initSearcher(c, 5);
  const ask = () => {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    state = out.state;
    const made = out.actions.find((a) => a.type === 'create');
    assert.ok(made?.type === 'create');
    return made.trial;
  };
  for (let i = 0; i < 6; i++) {
    const t = ask();
    for (let s = 1; s <= STEPS; s++) state = searcherStep(c, state, { type: 'report', trial: t, step: s, value: 0.1 + i / 100 + 1 / s }).state;
    state = searcherStep(c, state, { type: 'finished', trial: t, state: 'completed' }).state;
  }
  const bad = ask();
  for (let s = 1; s <= STEPS; s++) {
    const out = searcherStep(c, state, { type: 'report', trial: bad, step: s, value: 5 + 1 / s });
    state = out.state;
    const stop = out.actions.find((a) => a.type === 'stop');
    if (stop?.type === 'stop') return { state, bad, stop: stop.evidence };
  }
  return { state, bad };
}

function sweepWith(earlyTerminate: Readonly<Record<string, unknown>>): SweepConfig {
  return mustParse({ method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, early_terminate: earlyTerminate });
}

test('the registry: one rule per type, keyed by its own type; the config lists them when refusing one', () => {
  for (const t of STOPPING_TYPES) assert.equal(STOPPING_RULES[t].type, t);
  const r = parseSweepConfig({ method: 'random', parameters: { x: { min: 0, max: 1 } }, early_terminate: { type: 'nope' } });
  assert.ok(!r.ok && r.problems.some((p) => p.path === 'early_terminate.type' && p.message.endsWith(`use one of ${STOPPING_TYPES.join(', ')}`)));
});

for (const type of STOPPING_TYPES) {
  const rule = STOPPING_RULES[type];

  test(`${type}: its example parses to its config`, () => {
    const c = sweepWith(rule.example);
    assert.equal(c.earlyTerminate?.type, type);
  });

  test(`${type}: stops a clearly worse trial with evidence tagged by its rule, which survives JSON`, () => {
    const { stop } = scenario(sweepWith(rule.example));
    assert.ok(stop, `${type} never stopped the bad trial`);
    assert.equal(stop.rule, type);
    assert.equal(typeof stop['step'], 'number');
    assert.deepEqual(JSON.parse(JSON.stringify(stop)), stop, 'evidence is plain JSON');
  });

  test(`${type}: never stops a finished trial`, () => {
    const c = sweepWith(rule.example);
    const { state, bad } = scenario(c);
    for (const status of ['completed', 'pruned', 'failed'] as const) {
      const rec = state.trials[bad]!;
      const finished: SearcherState = { ...state, trials: { ...state.trials, [bad]: { ...rec, status } } };
      for (let s = 1; s <= STEPS; s++) assert.deepEqual(decideStop(c, finished, bad, s, s - 1), { stop: false }, `${status} at ${s}`);
    }
    // Finished trials of the scenario are never judged either.
    for (let t = 0; t < bad; t++) assert.deepEqual(decideStop(c, state, t, STEPS, STEPS - 1), { stop: false });
  });
}
