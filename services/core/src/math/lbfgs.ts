/**
 * Box-constrained L-BFGS by projection: the two-loop recursion gives a direction, components
 * that would leave the box at an active bound are dropped, and a backtracking (Armijo) line
 * search runs along the projected path. Not the full L-BFGS-B (no Cauchy point), but for the
 * smooth, low-dimensional problems here (GP hyperparameters, acquisition refinement) it
 * converges in a few dozen evaluations, which is what the per-ask time budget allows.
 */

export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  maxIterations?: number;
  maxEvaluations?: number;
  memory?: number;
  /** Stop once the projected gradient's largest component falls below this. */
  gradTol?: number;
  /** Stop once an iteration improves f by less than this (relative). */
  relTol?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

function project(x: Float64Array, lo: ArrayLike<number>, hi: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(hi[i]!, Math.max(lo[i]!, x[i]!));
}

function projectedGradMax(x: Float64Array, g: Float64Array, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    // At a bound, only the component pointing inward counts.
    if ((x[i]! <= lo[i]! && gi > 0) || (x[i]! >= hi[i]! && gi < 0)) continue;
    m = Math.max(m, Math.abs(gi));
  }
  return m;
}

export function minimizeLbfgs(f: Objective, x0: ArrayLike<number>, opts: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const { lower: lo, upper: hi } = opts;
  const maxIter = opts.maxIterations ?? 100;
  const maxEval = opts.maxEvaluations ?? 4 * maxIter;
  const m = opts.memory ?? 8;
  const gradTol = opts.gradTol ?? 1e-6;
  const relTol = opts.relTol ?? 1e-10;

  let x = Float64Array.from(x0);
  project(x, lo, hi);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evals = 1;
  if (!Number.isFinite(fx)) return { x, value: fx, evaluations: evals };

  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(m);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);

  for (let iter = 0; iter < maxIter && evals < maxEval; iter++) {
    if (projectedGradMax(x, g, lo, hi) < gradTol) break;
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    const k = sList.length;
    for (let j = k - 1; j >= 0; j--) {
      let a = 0;
      const s = sList[j]!;
      for (let i = 0; i < n; i++) a += s[i]! * d[i]!;
      a *= rho[j]!;
      alpha[j] = a;
      const y = yList[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! - a * y[i]!;
    }
    if (k > 0) {
      const s = sList[k - 1]!;
      const y = yList[k - 1]!;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[i]! * y[i]!;
        yy += y[i]! * y[i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let j = 0; j < k; j++) {
      let b = 0;
      const y = yList[j]!;
      for (let i = 0; i < n; i++) b += y[i]! * d[i]!;
      b *= rho[j]!;
      const s = sList[j]!;
      const a = alpha[j]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + (a - b) * s[i]!;
    }
    // Freeze coordinates held at a bound by a gradient pointing outward.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      if ((x[i]! <= lo[i]! && d[i]! < 0) || (x[i]! >= hi[i]! && d[i]! > 0)) d[i] = 0;
      slope += d[i]! * g[i]!;
    }
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      sList.length = 0;
      yList.length = 0;
      rho.length = 0;
      slope = 0;
      let gn = 0;
      for (let i = 0; i < n; i++) {
        d[i] = -g[i]!;
        if ((x[i]! <= lo[i]! && d[i]! < 0) || (x[i]! >= hi[i]! && d[i]! > 0)) d[i] = 0;
        slope += d[i]! * g[i]!;
        gn += d[i]! * d[i]!;
      }
      if (!(slope < 0)) break;
      // First step of steepest descent: scale to a unit move in x.
      const scale = 1 / Math.max(1, Math.sqrt(gn));
      for (let i = 0; i < n; i++) d[i] = d[i]! * scale;
      slope *= scale;
    }
    let t = 1;
    let fNew = Infinity;
    let accepted = false;
    while (evals < maxEval) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * d[i]!;
      project(xNew, lo, hi);
      fNew = f(xNew, gNew);
      evals++;
      let dec = 0;
      for (let i = 0; i < n; i++) dec += g[i]! * (xNew[i]! - x[i]!);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * Math.min(dec, 0)) {
        accepted = true;
        break;
      }
      t *= 0.3;
      if (t < 1e-10) break;
    }
    if (!accepted) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    // Curvature condition; skip the pair otherwise to keep H positive definite.
    if (sy > 1e-12) {
      if (sList.length === m) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
    }
    const improvement = fx - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (improvement <= relTol * Math.max(1, Math.abs(fx))) break;
  }
  return { x, value: fx, evaluations: evals };
}
