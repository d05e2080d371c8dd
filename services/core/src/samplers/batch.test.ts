/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import { mustParse } from '../testing/drive.js';
import type { GpOptions } from './gp.js';
import type { Observation } from './history.js';
import { LOCAL_SOURCE, roundSizes, TR_DEFAULTS, trustRegionLength } from './trust-region.js';
import type { SamplerOptions } from './types.js';

/**
 * Parallel asks (max_concurrent > 1): proposals made while earlier trials are still running
 * must be distinct and spread out, replay exactly, and leave nothing of the pending trials'
 * fantasies in the stored state once the real results arrive.
 */

const parameters = { x: { distribution: 'uniform', min: 0, max: 1 }, y: { distribution: 'uniform', min: 0, max: 1 }, z: { distribution: 'uniform', min: 0, max: 1 } };
const bowl = (p: Params) => ((p['x'] as number) - 0.31) ** 2 + ((p['y'] as number) - 0.62) ** 2 + 0.5 * ((p['z'] as number) - 0.47) ** 2;
const config: SweepConfig = mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: 8 });

/** Rounds of 8 asks then 8 tells, as 8 workers in lock step; returns the state and each round's params. */
function runBatches(seed: number, rounds: number, options: SamplerOptions = {}): { state: SearcherState; batches: Params[][] } {
  let state = initSearcher(config, seed);
  const batches: Params[][] = [];
  for (let r = 0; r < rounds; r++) {
    const created: { trial: number; params: Params }[] = [];
    for (let i = 0; i < 8; i++) {
      const out = searcherStep(config, state, { type: 'request', count: 1 }, options);
      state = out.state;
      for (const a of out.actions) if (a.type === 'create') created.push(a);
    }
    batches.push(created.map((c) => c.params));
    for (const c of created) state = searcherStep(config, state, { type: 'finished', trial: c.trial, state: 'completed', value: bowl(c.params) }).state;
  }
  return { state, batches };
}

function maxNormDistance(a: Params, b: Params): number {
  return Math.max(...['x', 'y', 'z'].map((k) => Math.abs((a[k] as number) - (b[k] as number))));
}

test('8 proposals made while the others run are distinct and not near-copies of each other', () => {
  // The default (kriging believer) on three seeds; the variants benchmarks can select on one.
  const runs: [number, GpOptions['pending'] | undefined][] = [[1, undefined], [2, undefined], [3, undefined], [1, 'floor'], [1, 'sample'], [1, 'penalize'], [1, 'thompson']];
  for (const [seed, pending] of runs) {
    const { batches, state } = runBatches(seed, 4, pending ? { gp: { pending } } : {});
    // Rounds after the first (Sobol) one come from the GP with pending trials.
    const sources = Object.values(state.trials).slice(8).map((t) => t.source);
    assert.ok(sources.every((s) => s === LOCAL_SOURCE), `seed ${seed} ${pending}: ${sources.join(',')}`);
    for (const batch of batches.slice(1)) {
      for (let i = 0; i < batch.length; i++) {
        for (let j = 0; j < i; j++) {
          // The sampler keeps a new point at least 1e-3 of the cube (max-norm) from every running trial.
          const dist = maxNormDistance(batch[i]!, batch[j]!);
          assert.ok(dist >= 1e-3, `seed ${seed} ${pending}: proposals ${j} and ${i} of a batch are ${dist} apart`);
        }
      }
    }
  }
});

test('batch proposals replay exactly for a fixed seed', () => {
  const a = runBatches(7, 3);
  const b = runBatches(7, 3);
  assert.deepEqual(JSON.parse(JSON.stringify(a.state)), JSON.parse(JSON.stringify(b.state)));
  assert.notDeepEqual(a.batches, runBatches(8, 3).batches);
});

test('the fantasies of running trials never reach the stored state', () => {
  let state = runBatches(4, 2).state;
  const observed = Object.values(state.trials).filter((t) => t.status === 'completed').length;
  for (let i = 0; i < 8; i++) {
    const before = state;
    state = searcherStep(config, state, { type: 'request', count: 1 }).state;
    // The stored GP fit is a fit to the real results only, however many trials are running.
    const gp = (state.sampler as { gp?: { n: number } }).gp;
    assert.equal(gp?.n, observed, `ask ${i}: the fit saw ${gp?.n} points, ${observed} are real`);
    // Earlier trials are untouched: no believed value is written onto a running trial.
    for (const [k, t] of Object.entries(before.trials)) assert.deepEqual(state.trials[Number(k)], t);
    const pending = Object.values(state.trials).filter((t) => t.status === 'pending');
    assert.ok(pending.every((t) => t.value === undefined && t.reports === undefined));
  }
  // Once they report, each trial holds its real value, and the next (sequential) ask fits
  // the real results only.
  for (const [k, t] of Object.entries(state.trials)) {
    if (t.status === 'pending') state = searcherStep(config, state, { type: 'finished', trial: Number(k), state: 'completed', value: bowl(t.params) }).state;
  }
  for (const t of Object.values(state.trials)) assert.equal(t.value, bowl(t.params));
  state = searcherStep(config, state, { type: 'request', count: 1 }).state;
  assert.equal((state.sampler as { gp?: { n: number } }).gp?.n, observed + 8);
});

test('a round of parallel proposals counts as one attempt for the trust region', () => {
  const obs = (y: number, concurrent: number): Observation => ({ params: {}, y, source: LOCAL_SOURCE, ...(concurrent ? { concurrent } : {}) });
  // Eight asks before any tell (0..7 running), twice; and a steady state of 7 running.
  assert.deepEqual(roundSizes([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7].map((c) => obs(1, c))), Array(16).fill(8));
  assert.deepEqual(roundSizes([7, 7, 7].map((c) => obs(1, c))), [8, 8, 8]);
  assert.deepEqual(roundSizes([0, 0, 0].map((c) => obs(1, c))), [1, 1, 1]);
  // The incumbent, from the initial design (not a local proposal, so it is not counted).
  const first: Observation = { params: {}, y: 0, source: 'sobol' };
  // Sequential: failMin (4) failures in a row halve the region, 8 halve it twice.
  const failures = (n: number, concurrent: (i: number) => number) => [first, ...Array.from({ length: n }, (_, i) => obs(1, concurrent(i)))];
  assert.equal(trustRegionLength(failures(TR_DEFAULTS.failMin, () => 0), 2), TR_DEFAULTS.init / 2);
  assert.equal(trustRegionLength(failures(2 * TR_DEFAULTS.failMin, () => 0), 2), TR_DEFAULTS.init / 4);
  // The same 8 failures as one round of parallel proposals are one failed attempt: it
  // halves once (TuRBO: ceil(failRun / q) = 1 round), as do 8 failures among 7 running.
  assert.equal(trustRegionLength(failures(8, (i) => i), 2), TR_DEFAULTS.init / 2);
  assert.equal(trustRegionLength(failures(8, () => 7), 2), TR_DEFAULTS.init / 2);
  assert.equal(trustRegionLength(failures(7, () => 7), 2), TR_DEFAULTS.init);
  // An improvement inside a round resets its failures.
  const withWin = [first, ...[0, 1, 2, 3, 4, 5, 6, 7].map((c) => obs(c === 5 ? -1 : 1, c))];
  assert.equal(trustRegionLength(withWin, 2), TR_DEFAULTS.init);
});

test('with batchWins, a round of parallel proposals counts its improvements as one win (TuRBO batch rule; off by default)', () => {
  const obs = (y: number, concurrent: number): Observation => ({ params: {}, y, source: LOCAL_SOURCE, ...(concurrent ? { concurrent } : {}) });
  const first: Observation = { params: {}, y: 0, source: 'sobol' };
  // One round of 8 that improves at every trial: one win, the region stays (successRun 3).
  const round = [first, ...[0, 1, 2, 3, 4, 5, 6, 7].map((c) => obs(-1 - c, c))];
  const perRound = { ...TR_DEFAULTS, batchWins: 1 };
  assert.equal(TR_DEFAULTS.batchWins, 0);
  assert.equal(trustRegionLength(round, 2, perRound), TR_DEFAULTS.init);
  // Counted per trial (the default), the same round doubled it twice.
  assert.equal(trustRegionLength(round, 2), 4 * TR_DEFAULTS.init);
  // Three improving rounds in a row are three wins: the region doubles.
  const three = [first, ...[0, 1, 2].flatMap((r) => [0, 1, 2, 3, 4, 5, 6, 7].map((c) => obs(-1 - 8 * r - c, c)))];
  assert.equal(trustRegionLength(three, 2, perRound), 2 * TR_DEFAULTS.init);
  // Sequential trials are rounds of one: three improvements double the region either way.
  const seq = [first, obs(-1, 0), obs(-2, 0), obs(-3, 0)];
  assert.equal(trustRegionLength(seq, 2), 2 * TR_DEFAULTS.init);
  assert.equal(trustRegionLength(seq, 2, perRound), 2 * TR_DEFAULTS.init);
});
