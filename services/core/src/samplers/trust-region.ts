import type { Observation } from './history.js';

/**
 * A trust region around the incumbent (after TuRBO, Eriksson et al. 2019), sized by replaying
 * the outcomes of past local proposals: it doubles after a run of improvements and halves
 * after a run of failures, so it shrinks onto a narrow valley and grows back when progress
 * resumes. Replaying from the history keeps the searcher state free of extra counters.
 */

export const LOCAL_SOURCE = 'gp-local';
export interface TrustRegionOptions {
  init: number;
  min: number;
  max: number;
  successRun: number;
  failMin: number;
  failPerDim: number;
  restart: number;
  /**
   * 1 (default): with trials proposed in parallel, a round's improvements count as one win, as
   * its failures already count as one attempt (TuRBO's batch rule); 0: every improving trial
   * is a win, so one good round doubled the region about twice. Sequential rounds have one
   * trial, so both read the same there. Measured with GpOptions.spacingCap
   * (docs/measurements/batch-proposals.md).
   */
  batchWins: number;
}

/** Tuning constants; benchmarks probe variants by passing options (SamplerOptions.trustRegion). */
export const TR_DEFAULTS: Readonly<TrustRegionOptions> = Object.freeze({ init: 0.4, min: 0.5 ** 7, max: 1.6, successRun: 3, failMin: 4, failPerDim: 0.5, restart: 0.4, batchWins: 0 });
/** @deprecated the old name; read-only now. */
export const TR = TR_DEFAULTS;

/**
 * How many proposals shared each observation's information: a run of trials whose
 * `concurrent` count goes up by one at each step (0, 1, .., 7: eight asks before any tell)
 * is one round of 1 + its last count; a steady state of q - 1 running trials gives q too.
 */
export function roundSizes(observed: readonly Observation[]): number[] {
  const q = new Array<number>(observed.length);
  for (let i = observed.length - 1; i >= 0; i--) {
    const c = observed[i]!.concurrent ?? 0;
    const next = observed[i + 1]?.concurrent ?? 0;
    q[i] = i + 1 < observed.length && next === c + 1 ? q[i + 1]! : 1 + c;
  }
  return q;
}

export function trustRegionLength(observed: readonly Observation[], dims: number, opts: Readonly<TrustRegionOptions> = TR_DEFAULTS): number {
  const failRun = Math.max(opts.failMin, Math.ceil(dims * opts.failPerDim));
  const rounds = roundSizes(observed);
  let length = opts.init;
  let best = Infinity;
  let wins = 0;
  let losses = 0;
  let wonRound = false;
  observed.forEach((o, i) => {
    // A trial continues the round of the one before it when its running count goes up by one
    // (an absent count is 0, nothing running).
    if (i === 0 || (o.concurrent ?? 0) !== (observed[i - 1]!.concurrent ?? 0) + 1) wonRound = false;
    if (o.source === LOCAL_SOURCE) {
      // Parallel proposals count as one attempt: q trials proposed on the same information
      // (see roundSizes) are one round, as in TuRBO's batch rule (Eriksson et al. 2019,
      // "Scalable global optimization via local Bayesian optimization", sec. 2): a failure
      // weighs 1/q and the region halves after ceil(failRun / q) failed rounds, their
      // tau_fail = ceil(max(4, d) / q). Counted per trial, every batch of 8 halved the
      // region about twice, a run of wins (reset by any loss) almost never reached three,
      // and the region collapsed within a few batches: Hartmann6 at batch 8 went from -0.45
      // to about -1.9 median log10 regret with rounds (docs/measurements/batch-proposals.md).
      // With q = 1 this is the sequential rule, unchanged.
      const q = rounds[i]!;
      // A real improvement, not float noise on a plateau.
      if (o.y < best - 1e-3 * Math.abs(best)) {
        if (!(opts.batchWins > 0 && q > 1 && wonRound)) wins++;
        wonRound = true;
        losses = 0;
      } else {
        losses += 1 / q;
        // A whole round without an improvement ends a run of wins.
        if (losses >= 1 - 1e-9) wins = 0;
      }
      if (wins >= opts.successRun) {
        length = Math.min(opts.max, 2 * length);
        wins = 0;
      } else if (losses >= Math.ceil(failRun / q) - 1e-9) {
        length /= 2;
        losses = 0;
        if (length < opts.min) length = opts.restart;
      }
    }
    best = Math.min(best, o.y);
  });
  return length;
}

/** The box: side `length` scaled per feature by its relative lengthscale, clipped to the cube. */
export function trustRegionBox(centre: Float64Array, ls: readonly number[], length: number): { lo: Float64Array; hi: Float64Array } {
  const d = centre.length;
  const logMean = ls.reduce((a, l) => a + Math.log(l), 0) / Math.max(1, d);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const w = Math.min(4, Math.max(0.25, ls[j]! / Math.exp(logMean)));
    const half = (length * w) / 2;
    lo[j] = Math.max(0, centre[j]! - half);
    hi[j] = Math.min(1, centre[j]! + half);
  }
  return { lo, hi };
}
