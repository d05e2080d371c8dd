import { minimizeLbfgs } from '../math/lbfgs.js';
import { cholInverse, choleskyInPlace, cholLogDet, cholSolve } from '../math/linalg.js';
import { matern52Terms, scaledSqDist, type Inputs, type MaternTerms } from './kernel.js';

/**
 * Hyperparameters as one vector of logs: [log l_1 .. log l_d, log signal, log noise]. Fitted
 * by maximizing the log marginal likelihood plus weak log-normal priors (MAP): with a few
 * dozen points the likelihood alone happily picks degenerate lengthscales.
 */
export interface Hyper {
  logLs: number[];
  logSignal: number;
  logNoise: number;
}

export interface HyperPrior {
  lsMean: number;
  lsSd: number;
  signalSd: number;
  noiseMean: number;
  noiseSd: number;
}

/** Bounds on the logs; the cube has side 1, so lengthscales far outside [0.01, 20] are moot. */
const LOG_LS = [Math.log(0.01), Math.log(20)] as const;
const LOG_SIGNAL = [Math.log(0.05), Math.log(20)] as const;
const LOG_NOISE = [Math.log(1e-6), Math.log(1)] as const;
const LOG_2PI = Math.log(2 * Math.PI);

export function defaultPrior(d: number): HyperPrior {
  // Wider inputs need longer lengthscales for the same correlation between random points
  // (distances grow like sqrt(d)), so the prior's centre moves with sqrt(d).
  return { lsMean: Math.log(0.5 * Math.sqrt(Math.max(1, d)) / Math.sqrt(2)), lsSd: 1.0, signalSd: 1.5, noiseMean: Math.log(1e-3), noiseSd: 2.5 };
}

export function toVector(h: Hyper): Float64Array {
  return Float64Array.from([...h.logLs, h.logSignal, h.logNoise]);
}

export function fromVector(v: ArrayLike<number>, d: number): Hyper {
  const logLs: number[] = [];
  for (let l = 0; l < d; l++) logLs.push(v[l]!);
  return { logLs, logSignal: v[d]!, logNoise: v[d + 1]! };
}

export function bounds(d: number): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  for (let l = 0; l < d; l++) {
    lower[l] = LOG_LS[0];
    upper[l] = LOG_LS[1];
  }
  lower[d] = LOG_SIGNAL[0];
  upper[d] = LOG_SIGNAL[1];
  lower[d + 1] = LOG_NOISE[0];
  upper[d + 1] = LOG_NOISE[1];
  return { lower, upper };
}

/** Negative log posterior of the hyperparameters (up to a constant) and its gradient. */
export function negLogPosterior(inp: Inputs, y: Float64Array, prior: HyperPrior, theta: Float64Array, grad: Float64Array): number {
  const { x, n, d, cat } = inp;
  const signal = Math.exp(theta[d]!);
  const noise = Math.exp(theta[d + 1]!);
  const invLs2 = new Float64Array(d);
  for (let l = 0; l < d; l++) invLs2[l] = Math.exp(-2 * theta[l]!);
  const k = new Float64Array(n * n);
  // e_ij = -dk/dr * r / s^2 form reused by every lengthscale derivative.
  const e = new Float64Array(n * n);
  const terms: MaternTerms = { k: 0, dk: 0 };
  for (let i = 0; i < n; i++) {
    k[i * n + i] = signal + noise;
    for (let j = 0; j < i; j++) {
      matern52Terms(scaledSqDist(x, i * d, x, j * d, invLs2, cat), signal, terms);
      k[i * n + j] = terms.k;
      e[i * n + j] = terms.dk;
    }
  }
  const kf = new Float64Array(k);
  if (!choleskyInPlace(k, n)) return Infinity;
  const l = k;
  const alpha = cholSolve(l, n, y);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += y[i]! * alpha[i]!;
  let value = 0.5 * fit + 0.5 * cholLogDet(l, n) + 0.5 * n * LOG_2PI;
  const kinv = cholInverse(l, n);
  grad.fill(0);
  let gSignal = 0;
  let gNoise = 0;
  for (let i = 0; i < n; i++) {
    const wii = kinv[i * n + i]! - alpha[i]! * alpha[i]!;
    gSignal += 0.5 * wii * signal;
    gNoise += 0.5 * wii * noise;
    for (let j = 0; j < i; j++) {
      const w = kinv[i * n + j]! - alpha[i]! * alpha[j]!;
      gSignal += w * kf[i * n + j]!;
      const t = w * e[i * n + j]!;
      if (t === 0) continue;
      for (let q = 0; q < d; q++) {
        const diff = x[i * d + q]! - x[j * d + q]!;
        const dd = cat[q] ? (diff !== 0 ? 1 : 0) : diff * diff;
        grad[q] = grad[q]! + t * dd * invLs2[q]!;
      }
    }
  }
  grad[d] = gSignal;
  grad[d + 1] = gNoise;
  // Priors.
  for (let q = 0; q < d; q++) {
    const z = (theta[q]! - prior.lsMean) / prior.lsSd;
    value += 0.5 * z * z;
    grad[q] = grad[q]! + z / prior.lsSd;
  }
  const zs = theta[d]! / prior.signalSd;
  value += 0.5 * zs * zs;
  grad[d] = grad[d]! + zs / prior.signalSd;
  const zn = (theta[d + 1]! - prior.noiseMean) / prior.noiseSd;
  value += 0.5 * zn * zn;
  grad[d + 1] = grad[d + 1]! + zn / prior.noiseSd;
  return value;
}

export interface FitOptions {
  prior: HyperPrior;
  /** Starting points (e.g. the last fit, kept in the searcher state); a default is added. */
  starts: Hyper[];
  maxEvaluations: number;
}

export function fitHyper(inp: Inputs, y: Float64Array, opts: FitOptions): Hyper {
  return fitHyperScored(inp, y, opts).hyper;
}

/** The fit and its negative log posterior (Infinity when no start gave a finite value). */
export function fitHyperScored(inp: Inputs, y: Float64Array, opts: FitOptions): { hyper: Hyper; value: number } {
  const d = inp.d;
  const { lower, upper } = bounds(d);
  const starts = [...opts.starts, { logLs: Array(d).fill(opts.prior.lsMean), logSignal: 0, logNoise: opts.prior.noiseMean }];
  let best: { x: Float64Array; value: number } | undefined;
  const per = Math.max(10, Math.floor(opts.maxEvaluations / starts.length));
  for (const s of starts) {
    if (s.logLs.length !== d) continue;
    const r = minimizeLbfgs((th, g) => negLogPosterior(inp, y, opts.prior, th, g), toVector(s), { lower, upper, maxEvaluations: per, maxIterations: per, gradTol: 1e-4, relTol: 1e-7 });
    if (Number.isFinite(r.value) && (!best || r.value < best.value)) best = r;
  }
  return best ? { hyper: fromVector(best.x, d), value: best.value } : { hyper: fromVector(toVector(starts[starts.length - 1]!), d), value: Infinity };
}
