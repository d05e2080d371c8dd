import type { Rng } from '../../rng.js';
import type { Params } from '../../space/types.js';
import { fromFeatures, snapAll, toFeatures, type FeatureSpace } from '../features.js';
import type { History } from '../history.js';
import { buildParzen, logDensity, sampleParzen } from './parzen.js';
import { feasibilityWeight } from './feasibility.js';
import type { Admissible } from '../../constraints/admissible.js';

// Draws per wanted candidate allowed when parameter constraints reject some.
const CANDIDATE_TRIES = 20;

/**
 * Tree-structured Parzen estimator: split the history into the best `gamma(n)` points and the
 * rest, model each with a Parzen estimator l(x) and g(x), draw candidates from l and propose
 * the one maximizing l(x)/g(x). Running and failed trials join the bad group (a "constant
 * liar"), so parallel asks and known failures are steered away from. Under constraints,
 * infeasible trials are bad whatever their value and the ratio is weighted by P(feasible)
 * (tpe/feasibility.ts).
 */

export interface TpeOptions {
  candidates: number;
  gammaFraction: number;
  gammaMax: number;
  priorWeight: number;
}

/** Defaults; benchmarks probe variants by passing options (SamplerOptions.tpe). */
export const TPE_DEFAULTS: Readonly<TpeOptions> = Object.freeze({ candidates: 48, gammaFraction: 0.15, gammaMax: 25, priorWeight: 1 });
/** @deprecated the old name; read-only now. */
export const TPE = TPE_DEFAULTS;

export function gamma(n: number, opts: Readonly<TpeOptions> = TPE_DEFAULTS): number {
  return Math.min(opts.gammaMax, Math.max(1, Math.ceil(opts.gammaFraction * n)));
}

export function proposeTpe(
  fs: FeatureSpace,
  history: History,
  rng: Rng,
  taken: ReadonlySet<string>,
  key: (p: Params) => string,
  opts: Readonly<TpeOptions> = TPE_DEFAULTS,
  admissible?: Admissible,
): Params | undefined {
  const rows: { x: Float64Array; y: number; feasible: boolean }[] = [];
  for (const o of history.observed) {
    const x = toFeatures(fs, o.params);
    if (x) rows.push({ x, y: o.y, feasible: o.infeasible !== true });
  }
  if (rows.length < 2 || fs.dims.length === 0) return undefined;
  // Infeasible trials rank after every feasible one, so they only ever join the bad group.
  rows.sort((a, b) => Number(b.feasible) - Number(a.feasible) || a.y - b.y);
  const nGood = Math.min(gamma(rows.length, opts), rows.filter((r) => r.feasible).length);
  const good = rows.slice(0, nGood).map((r) => r.x);
  const bad = rows.slice(nGood).map((r) => r.x);
  for (const p of [...history.pending, ...history.failed]) {
    const x = toFeatures(fs, p);
    if (x) bad.push(x);
  }
  const l = buildParzen(fs, good, opts.priorWeight);
  const g = buildParzen(fs, bad, opts.priorWeight);
  const feasibility = feasibilityWeight(fs, rows, history.infeasible, opts.priorWeight);
  let best: { x: Float64Array; score: number } | undefined;
  let scored = 0;
  // Under parameter constraints only admissible candidates count, with a bounded number of
  // extra draws; none found, the caller falls back to rejection sampling.
  for (let i = 0; i < opts.candidates * (admissible ? CANDIDATE_TRIES : 1) && scored < opts.candidates; i++) {
    const x = sampleParzen(l, rng);
    snapAll(fs, x);
    const params = fromFeatures(fs, x);
    if (admissible && !admissible(params)) continue;
    scored++;
    const score = logDensity(l, x) - logDensity(g, x) + (feasibility ? feasibility(x) : 0);
    if (best && score <= best.score) continue;
    if (taken.has(key(params))) continue;
    best = { x, score };
  }
  return best ? fromFeatures(fs, best.x) : undefined;
}
