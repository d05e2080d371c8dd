import { logNormalCdf } from '../math/log-normal-cdf.js';
import { defaultPrior, fitHyper } from './fit.js';
import type { Inputs } from './kernel.js';
import { Posterior } from './posterior.js';

/**
 * A feasibility model for constrained Bayesian optimization: a GP regression on labels +1
 * (feasible) and -1 (infeasible: out of memory, a broken metric constraint), its latent mean
 * read through a probit, P(feasible | x) = Phi(mu(x) / sqrt(var(x) + s^2)). This is the
 * least-squares relative of GP classification: no Laplace or EP step, the same kernel and
 * hyperparameter fit as the objective's GP, and closed-form gradients. Far from every trial
 * the prior mean 0 gives 1/2; next to an infeasible trial the probability falls as fast as
 * the fitted lengthscale says the labels change. The acquisition is EI x P(feasible)
 * (Gardner et al. 2014, "Bayesian optimization with inequality constraints"), added in logs.
 */

// Keeps the probit finite where the posterior is certain: at an observed label z = +-1/S.
const PROBIT_FLOOR = 0.04;

export type LogFeasibility = (x: Float64Array, grad?: Float64Array) => number;

/** log P(feasible | x), with its gradient in `grad` when given; undefined when no trial was infeasible. */
export function fitFeasibility(inp: Inputs, feasible: readonly boolean[], power = 1): LogFeasibility | undefined {
  if (feasible.every((f) => f)) return undefined;
  const y = Float64Array.from(feasible, (f) => (f ? 1 : -1));
  // Each evaluation costs O(n^3): a full fit while the history is small, fewer steps later.
  const budget = Math.max(10, Math.min(60, Math.floor(4e7 / inp.n ** 3)));
  const hyper = fitHyper(inp, y, { prior: defaultPrior(inp.d), starts: [], maxEvaluations: budget });
  const post = new Posterior(inp, y, hyper);
  const dMean = new Float64Array(inp.d);
  const dVar = new Float64Array(inp.d);
  return (x, grad) => {
    if (!grad) {
      const p = post.predict(x);
      return power * logNormalCdf(p.mean / Math.sqrt(p.variance + PROBIT_FLOOR)).value;
    }
    const p = post.predictWithGrad(x, dMean, dVar);
    const s = Math.sqrt(p.variance + PROBIT_FLOOR);
    const l = logNormalCdf(p.mean / s);
    for (let j = 0; j < inp.d; j++) grad[j] = power * l.slope * (dMean[j]! / s - (p.mean * dVar[j]!) / (2 * s * s * s));
    return power * l.value;
  };
}

/** Two additive terms of the acquisition (in logs) as one. */
export function sumPenalties(a: LogFeasibility | undefined, b: LogFeasibility | undefined, d: number): LogFeasibility | undefined {
  if (!a || !b) return a ?? b;
  const ga = new Float64Array(d);
  const gb = new Float64Array(d);
  return (x, grad) => {
    if (!grad) return a(x) + b(x);
    const v = a(x, ga) + b(x, gb);
    for (let j = 0; j < d; j++) grad[j] = ga[j]! + gb[j]!;
    return v;
  };
}
