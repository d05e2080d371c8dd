import { logNormalCdf } from '../math/log-normal-cdf.js';
import type { Posterior } from './posterior.js';

/**
 * Local penalization of running trials (González et al. 2016, "Batch Bayesian optimization
 * via local penalization"): the minimum cannot lie within (f(x_j) - M) / L of a running trial
 * x_j, L a Lipschitz constant of the objective and M its minimum (here the incumbent). Each
 * running trial multiplies the acquisition by phi_j(x) = P(f(x_j) <= M + L |x - x_j|) under
 * the posterior; in log space the penalty adds sum_j log Phi((M + L |x - x_j| - mu_j) / s_j).
 * L is the largest posterior-mean gradient norm over `probes`.
 */
export function localPenalty(post: Posterior, best: number, pending: readonly Float64Array[], probes: readonly Float64Array[], cat: Uint8Array): (x: Float64Array, grad?: Float64Array) => number {
  const d = post.d;
  const dMean = new Float64Array(d);
  const dVar = new Float64Array(d);
  let lipschitz = 1e-7;
  for (const p of probes) {
    post.predictWithGrad(p, dMean, dVar);
    let g2 = 0;
    for (let j = 0; j < d; j++) if (!cat[j]) g2 += dMean[j]! * dMean[j]!;
    lipschitz = Math.max(lipschitz, Math.sqrt(g2));
  }
  const centres = pending.map((x) => {
    const p = post.predict(x);
    return { x, mu: p.mean, sd: Math.sqrt(p.variance + post.noise) };
  });
  return (x, grad) => {
    if (grad) grad.fill(0);
    let total = 0;
    for (const c of centres) {
      let r2 = 0;
      for (let j = 0; j < d; j++) if (!cat[j]) r2 += (x[j]! - c.x[j]!) ** 2;
      const r = Math.sqrt(r2);
      const l = logNormalCdf((best + lipschitz * r - c.mu) / c.sd);
      total += l.value;
      if (grad && r > 0) {
        const k = (l.slope * lipschitz) / (c.sd * r);
        for (let j = 0; j < d; j++) if (!cat[j]) grad[j] = grad[j]! + k * (x[j]! - c.x[j]!);
      }
    }
    return total;
  };
}
