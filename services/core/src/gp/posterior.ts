import { CoreError } from '../errors.js';
import { choleskyWithJitter, cholSolve, solveLower, solveLowerTransposed } from '../math/linalg.js';
import type { Hyper } from './fit.js';
import { matern52, matern52Terms, scaledSqDist, type Inputs, type MaternTerms } from './kernel.js';

/**
 * The GP posterior for fixed hyperparameters: Cholesky of K + noise and alpha = K^{-1} y,
 * with mean/variance (and their gradients) at new points. Rebuilt from the history at every
 * ask, so nothing here is persisted.
 */
export class Posterior {
  readonly n: number;
  readonly d: number;
  readonly signal: number;
  readonly noise: number;
  private readonly x: Float64Array;
  private readonly cat: Uint8Array;
  private readonly invLs2: Float64Array;
  private readonly l: Float64Array;
  private readonly alpha: Float64Array;
  // Scratch buffers, so inner loops allocate nothing.
  private readonly kStar: Float64Array;
  private readonly eStar: Float64Array;
  private readonly w: Float64Array;
  private readonly v: Float64Array;

  constructor(inp: Inputs, y: Float64Array, h: Hyper) {
    const { x, n, d, cat } = inp;
    this.n = n;
    this.d = d;
    this.x = x;
    this.cat = cat;
    this.signal = Math.exp(h.logSignal);
    this.noise = Math.exp(h.logNoise);
    this.invLs2 = Float64Array.from(h.logLs, (v) => Math.exp(-2 * v));
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      k[i * n + i] = this.signal + this.noise;
      for (let j = 0; j < i; j++) {
        const v = this.signal * this.corr(x, i * d, j * d);
        k[i * n + j] = v;
        k[j * n + i] = v;
      }
    }
    const chol = choleskyWithJitter(k, n);
    if (!chol) throw new CoreError('NUMERICAL', 'kernel matrix is not positive definite even with jitter');
    this.l = chol.l;
    this.alpha = cholSolve(this.l, n, y);
    this.kStar = new Float64Array(n);
    this.eStar = new Float64Array(n);
    this.w = new Float64Array(n);
    this.v = new Float64Array(n);
  }

  private corr(a: ArrayLike<number>, aOff: number, bOff: number): number {
    const { x, cat, invLs2 } = this;
    return matern52(Math.sqrt(scaledSqDist(a, aOff, x, bOff, invLs2, cat)));
  }

  /** Posterior mean and variance (of the latent function, noise excluded) at `p`. */
  predict(p: ArrayLike<number>): { mean: number; variance: number } {
    const { n, d, x, cat, invLs2, signal, kStar } = this;
    const terms: MaternTerms = { k: 0, dk: 0 };
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const kv = matern52Terms(scaledSqDist(p, 0, x, i * d, invLs2, cat), signal, terms).k;
      kStar[i] = kv;
      mean += kv * this.alpha[i]!;
    }
    const w = solveLower(this.l, n, kStar, this.w);
    let q = 0;
    for (let i = 0; i < n; i++) q += w[i]! * w[i]!;
    return { mean, variance: Math.max(signal - q, 1e-12 * signal) };
  }

  /** Mean, variance and their gradients with respect to the (non-categorical) features. */
  predictWithGrad(p: ArrayLike<number>, dMean: Float64Array, dVar: Float64Array): { mean: number; variance: number } {
    const { n, d, x, cat, invLs2, signal, kStar, eStar } = this;
    const terms: MaternTerms = { k: 0, dk: 0 };
    let mean = 0;
    for (let i = 0; i < n; i++) {
      matern52Terms(scaledSqDist(p, 0, x, i * d, invLs2, cat), signal, terms);
      kStar[i] = terms.k;
      // dk/dx_l = -eStar * (x_l - X_il) / l^2
      eStar[i] = terms.dk;
      mean += kStar[i]! * this.alpha[i]!;
    }
    const w = solveLower(this.l, n, kStar, this.w);
    let q = 0;
    for (let i = 0; i < n; i++) q += w[i]! * w[i]!;
    const v = solveLowerTransposed(this.l, n, w, this.v);
    dMean.fill(0);
    dVar.fill(0);
    for (let i = 0; i < n; i++) {
      const off = i * d;
      const ea = eStar[i]! * this.alpha[i]!;
      const ev = eStar[i]! * v[i]!;
      for (let l = 0; l < d; l++) {
        if (cat[l]) continue;
        const g = (p[l]! - x[off + l]!) * invLs2[l]!;
        dMean[l] = dMean[l]! - ea * g;
        dVar[l] = dVar[l]! + 2 * ev * g;
      }
    }
    const variance = signal - q;
    if (variance < 1e-12 * signal) {
      dVar.fill(0);
      return { mean, variance: 1e-12 * signal };
    }
    return { mean, variance };
  }
}
