/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SweepConfig } from '../config/types.js';
import { maximizeLogEi } from '../gp/acquire.js';
import { transformOutputs, type FixedTransform } from '../gp/output-transform.js';
import { Posterior } from '../gp/posterior.js';
import { Rng } from '../rng.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import { mustParse } from '../testing/drive.js';
import { featureSpace, toFeatures } from './features.js';
import { GP_DEFAULTS, inputsOf, proposeGp, type GpOptions } from './gp.js';
import type { History } from './history.js';
import { TR_DEFAULTS } from './trust-region.js';
import type { SamplerOptions } from './types.js';

/**
 * The acquisitions used for asks made while other trials run (GpOptions.pendingKappa: GP-BUCB's
 * lower confidence bound on the believer-conditioned posterior; GpOptions.exploit: the posterior
 * mean's minimizer) find what they claim to, apply only where they claim to, and leave the
 * sequential path untouched.
 */

const parameters = { x: { distribution: 'uniform', min: 0, max: 1 }, y: { distribution: 'uniform', min: 0, max: 1 } };
const config: SweepConfig = mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: 8 });
const fs = featureSpace(config.space);
const bowl = (p: Params) => ((p['x'] as number) - 0.3) ** 2 + 2 * ((p['y'] as number) - 0.6) ** 2 + 0.3 * Math.sin(7 * (p['x'] as number));

function history(pending: Params[]): History {
  const rng = Rng.fromSeed(11);
  const observed = Array.from({ length: 14 }, () => {
    const params = { x: rng.float(), y: rng.float() };
    return { params, y: bowl(params) };
  });
  return { observed, pending, failed: [], costs: [], infeasible: [] };
}

/** The posterior a proposal was made on: the same data, hyperparameters and believer fantasies. */
function posteriorOf(h: History, hyper: { logLs: number[]; logSignal: number; logNoise: number; transform?: FixedTransform }): Posterior {
  const rows = h.observed.map((o) => toFeatures(fs, o.params)!);
  const post = new Posterior(inputsOf(fs, rows), transformOutputs(h.observed.map((o) => o.y), hyper.transform ?? 'robust'), hyper);
  const pend = h.pending.map((p) => toFeatures(fs, p)!);
  return pend.length > 0 ? post.withFantasies(pend, pend.map((p) => post.predict(p).mean)) : post;
}

/** The best of `f` (to be minimized) over a 201 x 201 grid of the unit square. */
function gridMin(f: (x: Float64Array) => number): number {
  let m = Infinity;
  for (let i = 0; i <= 200; i++) for (let j = 0; j <= 200; j++) m = Math.min(m, f(Float64Array.of(i / 200, j / 200)));
  return m;
}

test('the acquisition maximizer finds the minimum of the lower confidence bound and of the posterior mean', () => {
  const h = history([]);
  const post = posteriorOf(h, { logLs: [-1.5, -1.2], logSignal: 0, logNoise: -8 });
  const ranked = h.observed.map((o) => toFeatures(fs, o.params)!).sort((a, b) => post.predict(a).mean - post.predict(b).mean);
  for (const kappa of [0, 1, 2.5]) {
    const lcb = (x: Float64Array) => { const p = post.predict(x); return p.mean - kappa * Math.sqrt(p.variance); };
    const found = maximizeLogEi({ fs, post, best: 0, ranked, ls: [0.2, 0.3], taken: ranked, rng: Rng.fromSeed(3), screen: 500, refine: 5, lcb: { kappa } });
    assert.ok(found);
    // The reported value is the bound itself (negated), not log EI.
    assert.ok(Math.abs(found.logEi + lcb(found.x)) < 1e-9, `kappa ${kappa}: value ${found.logEi} vs ${-lcb(found.x)}`);
    // L-BFGS on the analytic gradient ends at least as low as a fine grid (up to its spacing).
    const grid = gridMin(lcb);
    assert.ok(lcb(found.x) <= grid + 1e-3 * Math.max(1, Math.abs(grid)), `kappa ${kappa}: ${lcb(found.x)} above the grid's ${grid}`);
  }
});

test('an exploitation slot proposes the posterior mean minimizer, only for the ask made with that many trials running', () => {
  // Running trials far from the bowl's minimum, so spacing does not hide it.
  const one = history([{ x: 0.95, y: 0.05 }]);
  const opts: GpOptions = { ...GP_DEFAULTS, strategy: 'global', exploit: 1 };
  const out = proposeGp(fs, one, Rng.fromSeed(5), undefined, opts);
  assert.ok(out);
  const post = posteriorOf(one, out.cache);
  const mean = (x: Float64Array) => post.predict(x).mean;
  const got = mean(toFeatures(fs, out.params)!);
  assert.ok(got <= gridMin(mean) + 1e-3, `posterior mean ${got} at the slot's proposal, grid minimum ${gridMin(mean)}`);
  // The lower confidence bound (the default for other asks) picks a different point here.
  const lcb = proposeGp(fs, one, Rng.fromSeed(5), undefined, { ...opts, exploit: 0 });
  assert.notDeepEqual(lcb?.params, out.params);
  // With two running, exploit 1 is not this ask's slot: the proposal is the ordinary one.
  const two = history([{ x: 0.95, y: 0.05 }, { x: 0.05, y: 0.95 }]);
  assert.deepEqual(proposeGp(fs, two, Rng.fromSeed(5), undefined, opts)?.params, proposeGp(fs, two, Rng.fromSeed(5), undefined, { ...opts, exploit: 0 })?.params);
});

test('asks made while trials run minimize the lower confidence bound on the believer posterior by default', () => {
  const h = history([{ x: 0.9, y: 0.1 }, { x: 0.31, y: 0.62 }]);
  const opts: GpOptions = { ...GP_DEFAULTS, strategy: 'global' };
  assert.equal(opts.pendingKappa, 1);
  const out = proposeGp(fs, h, Rng.fromSeed(9), undefined, opts);
  assert.ok(out);
  const post = posteriorOf(h, out.cache);
  const lcb = (x: Float64Array) => { const p = post.predict(x); return p.mean - Math.sqrt(p.variance); };
  const got = lcb(toFeatures(fs, out.params)!);
  // The spacing rule keeps proposals a little away from running trials, so compare with the
  // grid outside that margin.
  const pend = h.pending.map((p) => toFeatures(fs, p)!);
  const allowed = (x: Float64Array) => (pend.some((p) => Math.max(Math.abs(p[0]! - x[0]!), Math.abs(p[1]! - x[1]!)) < 0.05) ? Infinity : lcb(x));
  assert.ok(got <= gridMin(allowed) + 1e-3, `bound ${got} at the proposal, grid minimum ${gridMin(allowed)}`);
  // pendingKappa 0 is the EI rule, a different point.
  assert.notDeepEqual(proposeGp(fs, h, Rng.fromSeed(9), undefined, { ...opts, pendingKappa: 0 })?.params, out.params);
});

test('the spacing from running trials is capped, so a round can refine next to the incumbent', () => {
  const opts: GpOptions = { ...GP_DEFAULTS, exploit: 1 };
  assert.equal(opts.spacingCap, 0.005);
  // A trust region that has grown past the whole cube (the box is clipped to it).
  const tr = { ...TR_DEFAULTS, init: 8, max: 8 };
  // The posterior mean's minimizer on the observed data (the hyperparameters are fitted on the
  // observed trials only, so a running trial does not change them).
  const fitted = proposeGp(fs, history([]), Rng.fromSeed(4), undefined, opts, tr);
  assert.ok(fitted);
  const post = posteriorOf(history([]), fitted.cache);
  let arg = Float64Array.of(0, 0);
  let low = Infinity;
  for (let i = 0; i <= 200; i++) for (let j = 0; j <= 200; j++) {
    const x = Float64Array.of(i / 200, j / 200);
    const m = post.predict(x).mean;
    if (m < low) [low, arg] = [m, x];
  }
  // One trial runs there; the exploitation slot wants the same point, so it lands at the
  // spacing's edge: within the cap with the default, a share of the region (0.05) without it.
  const h = history([{ x: arg[0]!, y: arg[1]! }]);
  const gap = (o: GpOptions) => {
    const out = proposeGp(fs, h, Rng.fromSeed(4), undefined, o, tr);
    assert.ok(out);
    const x = toFeatures(fs, out.params)!;
    return Math.max(Math.abs(x[0]! - arg[0]!), Math.abs(x[1]! - arg[1]!));
  };
  const capped = gap(opts);
  assert.ok(capped >= 0.005 - 1e-9 && capped < 0.02, `capped spacing ${capped}`);
  assert.ok(gap({ ...opts, spacingCap: 1 }) >= 0.05 - 1e-9);
  // Without a trust region the spacing is not capped.
  const global = { ...opts, strategy: 'global' as const };
  assert.ok(gap(global) >= 0.05 - 1e-9);
});

test('the batch options leave sequential proposals unchanged', () => {
  const run = (options: SamplerOptions) => {
    let state: SearcherState = initSearcher(config, 21);
    for (let i = 0; i < 16; i++) {
      const out = searcherStep(config, state, { type: 'request', count: 1 }, options);
      state = out.state;
      for (const a of out.actions) if (a.type === 'create') state = searcherStep(config, state, { type: 'finished', trial: a.trial, state: 'completed', value: bowl(a.params) }, options).state;
    }
    return JSON.parse(JSON.stringify(state)) as unknown;
  };
  const base = run({ gp: { pendingKappa: 0 } });
  assert.deepEqual(run({}), base);
  assert.deepEqual(run({ gp: { exploit: 7, pendingKappa: 3, pendingScreen: 4, pendingRefine: 20, pendingLocal: 0.9 } }), base);
  assert.deepEqual(run({ gp: { spacingCap: 1, pendingSpacing: 0.2, kappaSchedule: 1, pendingCentre: 'mean' }, trustRegion: { batchWins: 1 } }), base);
});
