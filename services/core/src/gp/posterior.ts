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
  private readonly y: Float64Array;
  private readonly h: Hyper;
  private readonly jitter: number;
  // Scratch buffers, so inner loops allocate nothing.
  private readonly kStar: Float64Array;
  private readonly eStar: Float64Array;
  private readonly w: Float64Array;
  private readonly v: Float64Array;

  /** `factor`: the Cholesky factor of this data's kernel matrix when already known (see withFantasies). */
  constructor(inp: Inputs, y: Float64Array, h: Hyper, factor?: { l: Float64Array; jitter: number }) {
    const { x, n, d, cat } = inp;
    this.n = n;
    this.d = d;
    this.x = x;
    this.cat = cat;
    this.y = y;
    this.h = h;
    this.signal = Math.exp(h.logSignal);
    this.noise = Math.exp(h.logNoise);
    this.invLs2 = Float64Array.from(h.logLs, (v) => Math.exp(-2 * v));
    let chol = factor;
    if (!chol) {
      const k = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        k[i * n + i] = this.signal + this.noise;
        for (let j = 0; j < i; j++) {
          const v = this.signal * this.corr(x, i * d, j * d);
          k[i * n + j] = v;
          k[j * n + i] = v;
        }
      }
      chol = choleskyWithJitter(k, n);
    }
    if (!chol) throw new CoreError('NUMERICAL', 'kernel matrix is not positive definite even with jitter');
    this.l = chol.l;
    this.jitter = chol.jitter;
    this.alpha = cholSolve(this.l, n, y);
    this.kStar = new Float64Array(n);
    this.eStar = new Float64Array(n);
    this.w = new Float64Array(n);
    this.v = new Float64Array(n);
  }

  /**
   * The posterior with `points` added as observations of `values` (fantasies), same
   * hyperparameters: the Cholesky factor is extended by the new rows (O(m n^2)) instead of
   * refactored (O(n^3)). Falls back to a full factorization (with jitter) when a new point
   * makes the extended matrix numerically singular, e.g. a point on top of an observed one.
   */
  withFantasies(points: readonly Float64Array[], values: readonly number[]): Posterior {
    const { n, d, cat } = this;
    const m = points.length;
    const big = n + m;
    const x = new Float64Array(big * d);
    x.set(this.x);
    points.forEach((p, i) => x.set(p, (n + i) * d));
    const y = new Float64Array(big);
    y.set(this.y);
    values.forEach((v, i) => (y[n + i] = v));
    const inp: Inputs = { x, n: big, d, cat };
    const l = new Float64Array(big * big);
    for (let i = 0; i < n; i++) l.set(this.l.subarray(i * n, i * n + i + 1), i * big);
    for (let i = n; i < big; i++) {
      const row = i * big;
      for (let j = 0; j < i; j++) {
        let s = this.signal * matern52(Math.sqrt(scaledSqDist(x, i * d, x, j * d, this.invLs2, cat)));
        const rowJ = j * big;
        for (let k = 0; k < j; k++) s -= l[row + k]! * l[rowJ + k]!;
        l[row + j] = s / l[rowJ + j]!;
      }
      let diag = this.signal + this.noise + this.jitter;
      for (let k = 0; k < i; k++) diag -= l[row + k]! * l[row + k]!;
      // Far below the noise level the new row is a copy of an old one: refactor with jitter.
      if (!(diag > 1e-10 * this.signal)) return new Posterior(inp, y, this.h);
      l[row + i] = Math.sqrt(diag);
    }
    return new Posterior(inp, y, this.h, { l, jitter: this.jitter });
  }

  /**
   * One joint draw of the latent function at `points` (Thompson sampling): mean plus the
   * Cholesky factor of the posterior covariance times standard normals from `normal`.
   */
  sampleJoint(points: readonly Float64Array[], normal: () => number): Float64Array {
    const { n, d, x, cat, invLs2, signal } = this;
    const m = points.length;
    const mean = new Float64Array(m);
    const w = new Float64Array(m * n);
    const terms: MaternTerms = { k: 0, dk: 0 };
    const kStar = new Float64Array(n);
    points.forEach((p, c) => {
      let mu = 0;
      for (let i = 0; i < n; i++) {
        kStar[i] = matern52Terms(scaledSqDist(p, 0, x, i * d, invLs2, cat), signal, terms).k;
        mu += kStar[i]! * this.alpha[i]!;
      }
      mean[c] = mu;
      w.set(solveLower(this.l, n, kStar), c * n);
    });
    const cov = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) {
        let q = 0;
        for (let i = 0; i < n; i++) q += w[a * n + i]! * w[b * n + i]!;
        const v = signal * matern52(Math.sqrt(scaledSqDist(points[a]!, 0, points[b]!, 0, invLs2, cat))) - q;
        cov[a * m + b] = v;
        cov[b * m + a] = v;
      }
      cov[a * m + a] = Math.max(cov[a * m + a]!, 1e-10 * signal) + 1e-8 * signal;
    }
    const chol = choleskyWithJitter(cov, m);
    if (!chol) throw new CoreError('NUMERICAL', 'posterior covariance is not positive definite even with jitter');
    const z = Float64Array.from({ length: m }, () => normal());
    const out = Float64Array.from(mean);
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += chol.l[a * m + b]! * z[b]!;
      out[a] = out[a]! + s;
    }
    return out;
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
