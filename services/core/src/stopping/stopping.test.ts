/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherAction, SearcherState } from '../searcher/types.js';
import { mustParse } from '../testing/drive.js';
import { cohortForecast } from './cohort-fit.js';
import { forecastFinal } from './curve-fit.js';

const space = { x: { distribution: 'uniform', min: 0, max: 1 } };

function sweep(earlyTerminate: Record<string, unknown>, goal = 'minimize'): SweepConfig {
  return mustParse({ method: 'random', metric: { name: 'loss', goal }, parameters: space, early_terminate: earlyTerminate, max_concurrent: 1000 });
}

const RULES: Record<string, unknown>[] = [
  { type: 'median' },
  { type: 'median', min_iter: 3, min_trials: 2, percentile: 25 },
  { type: 'asha' },
  { type: 'asha', min_iter: 2, max_iter: 30, eta: 2 },
  { type: 'hyperband', min_iter: 1 },
  { type: 'hyperband', min_iter: 1, max_iter: 27, eta: 3, strict: false },
  { type: 'hyperband', max_iter: 27, s: 2 },
  { type: 'forecast' },
  { type: 'forecast', min_iter: 3, max_iter: 30, min_trials: 1 },
];

/** Drives trials with random saturating curves; returns every action and the final state. */
function simulate(c: SweepConfig, seed: number, curves: { a: number; b: number; k: number; len: number }[]): { actions: SearcherAction[]; state: SearcherState } {
  let state = initSearcher(c, seed);
  const actions: SearcherAction[] = [];
  const step = (e: Parameters<typeof searcherStep>[2]) => {
    const before = JSON.stringify(state);
    const out = searcherStep(c, state, e);
    assert.equal(JSON.stringify(state), before, 'input state was modified');
    assert.deepEqual(JSON.parse(JSON.stringify(out.state)), out.state);
    state = out.state;
    actions.push(...out.actions);
    return out.actions;
  };
  // Two trials run side by side so cohorts contain running trials too.
  for (let i = 0; i < curves.length; i += 2) {
    const made = step({ type: 'request', count: 2 }).filter((a) => a.type === 'create').map((a) => (a.type === 'create' ? a.trial : -1));
    const live = new Map(made.map((t, j) => [t, curves[i + j] ?? curves[i]!]));
    for (let s = 1; live.size > 0; s++) {
      for (const [trial, cv] of [...live]) {
        const value = cv.a + cv.b * Math.exp(-cv.k * s);
        if (s >= cv.len) {
          step({ type: 'finished', trial, state: 'completed', value });
          live.delete(trial);
          continue;
        }
        if (step({ type: 'report', trial, step: s, value }).some((a) => a.type === 'stop')) {
          step({ type: 'finished', trial, state: 'pruned' });
          live.delete(trial);
        }
      }
    }
  }
  return { actions, state };
}

const curveArb = fc.array(fc.record({ a: fc.double({ min: 0, max: 2, noNaN: true }), b: fc.double({ min: -1, max: 3, noNaN: true }), k: fc.double({ min: 0.01, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 30 }) }), { minLength: 2, maxLength: 14 });

for (const rule of RULES) {
  test(`conformance: ${JSON.stringify(rule)}`, () => {
    fc.assert(
      fc.property(curveArb, fc.constantFrom('minimize', 'maximize'), (curves, goal) => {
        const c = sweep(rule, goal);
        const { actions } = simulate(c, 1, curves);
        for (const a of actions) {
          if (a.type !== 'stop') continue;
          const ev = a.evidence;
          assert.equal(ev['rule'], rule['type']);
          assert.equal(typeof ev['step'], 'number');
          assert.equal(typeof ev['threshold'], 'number');
          assert.equal(typeof ev['value'], 'number');
          assert.ok(typeof ev['cohort_size'] === 'number' && ev['cohort_size'] >= 1);
          // The stopped trial really is worse than the bar it was held to.
          assert.ok(goal === 'minimize' ? (ev['value'] as number) >= (ev['threshold'] as number) || rule['type'] === 'forecast' : (ev['value'] as number) <= (ev['threshold'] as number) || rule['type'] === 'forecast');
        }
        assert.deepEqual(simulate(c, 1, curves).actions, actions, 'not deterministic');
      }),
      { numRuns: rule['type'] === 'forecast' ? 12 : 30 },
    );
  });
}

test('asha judges each rung once, keeping the top 1/eta of those that reached it', () => {
  const c = sweep({ type: 'asha', min_iter: 1, eta: 2 });
  let state = initSearcher(c, 0);
  state = searcherStep(c, state, { type: 'request', count: 3 }).state;
  const report = (trial: number, step: number, value: number) => {
    const out = searcherStep(c, state, { type: 'report', trial, step, value });
    state = out.state;
    return out.actions.find((a) => a.type === 'stop');
  };
  assert.equal(report(0, 1, 0.5), undefined); // alone at rung 1
  assert.ok(report(1, 1, 0.9)); // 2 reached rung 1, keep 1: 0.9 loses
  assert.equal(report(2, 1, 0.1), undefined); // 3 reached, keep 2: best
  assert.equal(report(0, 1.5, 0.45), undefined); // no rung crossed between 1 and 2
  const stop = report(0, 2, 0.44); // rung 2: 0.44 vs nobody else there yet
  assert.equal(stop, undefined);
});

test('hyperband deals trials into brackets that start judging at min_iter * eta^b', () => {
  const c = sweep({ type: 'hyperband', min_iter: 1, max_iter: 27, eta: 3 });
  let state = initSearcher(c, 0);
  state = searcherStep(c, state, { type: 'request', count: 6 }).state;
  const stopAt = (trial: number, step: number, value: number) => {
    const out = searcherStep(c, state, { type: 'report', trial, step, value });
    state = out.state;
    return out.actions.find((a) => a.type === 'stop');
  };
  // 3 brackets (rungs 1/3/9 below 27): trials 0, 3 in bracket 0; 1, 4 in bracket 1 (first rung 3).
  assert.equal(stopAt(0, 1, 0.1), undefined);
  const s = stopAt(3, 1, 0.9);
  assert.ok(s?.type === 'stop' && s.evidence['bracket'] === 0 && s.evidence['rung'] === 1);
  assert.equal(stopAt(1, 1, 0.2), undefined);
  assert.equal(stopAt(4, 1, 0.95), undefined); // bracket 1 is not judged at step 1
  assert.equal(stopAt(1, 3, 0.1), undefined);
  const late = stopAt(4, 3, 0.9);
  assert.ok(late?.type === 'stop' && late.evidence['bracket'] === 1 && late.evidence['rung'] === 3);
});

test('median compares with completed trials only, once enough of them exist', () => {
  const c = sweep({ type: 'median', min_iter: 1, min_trials: 2 });
  let state = initSearcher(c, 0);
  state = searcherStep(c, state, { type: 'request', count: 4 }).state;
  const rep = (trial: number, step: number, value: number) => {
    const out = searcherStep(c, state, { type: 'report', trial, step, value });
    state = out.state;
    return out.actions.find((a) => a.type === 'stop');
  };
  rep(0, 1, 0.2);
  rep(1, 1, 0.3);
  assert.equal(rep(2, 1, 0.9), undefined, 'running trials are no cohort');
  state = searcherStep(c, state, { type: 'finished', trial: 0, state: 'completed', value: 0.1 }).state;
  state = searcherStep(c, state, { type: 'finished', trial: 1, state: 'completed', value: 0.2 }).state;
  const s = rep(3, 1, 0.8);
  assert.ok(s?.type === 'stop');
  assert.equal(s.evidence['threshold'], 0.25);
  assert.equal(s.evidence['cohort_size'], 2);
});

test('forecast spares a slow starter that will finish best and stops a fast starter that cannot', () => {
  const c = sweep({ type: 'forecast', min_iter: 5, min_trials: 1, max_iter: 60 });
  let state = initSearcher(c, 0);
  state = searcherStep(c, state, { type: 'request', count: 3 }).state;
  const curve = (final: number, k: number) => (s: number) => final + (2.5 - final) * Math.exp(-k * s);
  // Trial 0 finished at ~0.5 after a fast start.
  const fast = curve(0.5, 0.3);
  for (let s = 1; s < 60; s++) state = searcherStep(c, state, { type: 'report', trial: 0, step: s, value: fast(s) }).state;
  state = searcherStep(c, state, { type: 'finished', trial: 0, state: 'completed', value: fast(60) }).state;
  // Trial 1 starts slowly (behind trial 0 at every step until ~25) but heads for 0.3;
  // trial 2 converges quickly to 0.9.
  const slow = curve(0.3, 0.06);
  const doomed = curve(0.9, 0.25);
  let slowStopped = false;
  let doomedStop: SearcherAction | undefined;
  for (let s = 1; s < 60; s++) {
    const a = searcherStep(c, state, { type: 'report', trial: 1, step: s, value: slow(s) });
    state = a.state;
    slowStopped ||= a.actions.some((x) => x.type === 'stop');
    if (!doomedStop) {
      const b = searcherStep(c, state, { type: 'report', trial: 2, step: s, value: doomed(s) });
      state = b.state;
      doomedStop = b.actions.find((x) => x.type === 'stop');
    }
  }
  assert.equal(slowStopped, false);
  assert.ok(doomedStop?.type === 'stop');
  assert.ok((doomedStop.evidence['step'] as number) < 25, `stopped late: ${JSON.stringify(doomedStop.evidence)}`);
  assert.ok((doomedStop.evidence['optimistic_final'] as number) > 0.5);
  assert.equal(doomedStop.evidence['threshold_trial'], 0);
});

test('curve fit extrapolates exponential and power-law curves', () => {
  const exp = Array.from({ length: 20 }, (_, i) => [i + 1, 0.4 + 2 * Math.exp(-0.1 * (i + 1))] as [number, number]);
  const fe = forecastFinal(exp, 100)!;
  assert.ok(Math.abs(fe.predicted - (0.4 + 2 * Math.exp(-10))) < 0.02, JSON.stringify(fe));
  assert.ok(fe.optimistic <= fe.predicted);
  const pow = Array.from({ length: 20 }, (_, i) => [i + 1, 0.2 + 3 * (i + 2) ** -0.8] as [number, number]);
  const fp = forecastFinal(pow, 200)!;
  const truth = 0.2 + 3 * 201 ** -0.8;
  // Power laws are only approximately in the fitted family: conservative is what matters.
  assert.ok(fp.optimistic <= truth && Math.abs(fp.predicted - truth) < 0.15, JSON.stringify(fp));
  assert.equal(forecastFinal(exp.slice(0, 3), 100), undefined);
});

test('the cohort view stops early where early values rank finals, and stays silent where curves cross', () => {
  // Ten completed trials whose value at step 1 predicts the final exactly (no crossing).
  const ordered: [number, number][] = Array.from({ length: 10 }, (_, i) => [1 + i * 0.1, 0.3 + i * 0.05]);
  const tight = cohortForecast(ordered, 2.5, 6)!;
  assert.ok(tight.optimistic > 0.3 && tight.slope > 0, JSON.stringify(tight));
  // Crossing: high early values end low and vice versa, with scatter.
  const crossing: [number, number][] = Array.from({ length: 10 }, (_, i) => [1 + i * 0.1, 0.8 - i * 0.05 + (i % 3) * 0.1]);
  const loose = cohortForecast(crossing, 2.5, 6)!;
  assert.ok(loose.optimistic < 0.3, JSON.stringify(loose));
  assert.equal(cohortForecast(ordered.slice(0, 4), 2, 6), undefined);
});
