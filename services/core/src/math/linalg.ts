/**
 * Dense linear algebra for the GP: row-major n x n matrices in Float64Array. Only what the
 * model needs (Cholesky, triangular solves, inverse from the factor), written for speed at
 * n of a few hundred, since the model is refitted from the trial history at every ask.
 */

/**
 * In-place lower Cholesky factor of a symmetric positive-definite matrix (upper triangle is
 * zeroed). Returns false when a pivot is not positive, leaving `a` partly overwritten.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j]!;
    for (let k = 0; k < j; k++) d -= a[rowJ + k]! * a[rowJ + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j]!;
      for (let k = 0; k < j; k++) s -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = s * inv;
    }
    for (let k = j + 1; k < n; k++) a[rowJ + k] = 0;
  }
  return true;
}

/**
 * Cholesky of `k` with the smallest diagonal jitter (from none up to 1e-2 of the mean
 * diagonal) that makes it succeed. Clustered points make kernel matrices numerically
 * singular; a tiny jitter is the standard remedy and changes the model negligibly.
 */
export function choleskyWithJitter(k: Float64Array, n: number): { l: Float64Array; jitter: number } | undefined {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += k[i * n + i]!;
  meanDiag = n > 0 ? meanDiag / n : 1;
  const l = new Float64Array(n * n);
  for (let attempt = 0; attempt < 10; attempt++) {
    const jitter = attempt === 0 ? 0 : meanDiag * 1e-10 * 10 ** (attempt - 1);
    l.set(k);
    for (let i = 0; i < n; i++) l[i * n + i] = l[i * n + i]! + jitter;
    if (choleskyInPlace(l, n)) return { l, jitter };
  }
  return undefined;
}

/** Solves L x = b for lower-triangular L (forward substitution); b is not modified. */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[row + k]! * out[k]!;
    out[i] = s / l[row + i]!;
  }
  return out;
}

/** Solves L^T x = b for lower-triangular L (back substitution on the transpose). */
export function solveLowerTransposed(l: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * out[k]!;
    out[i] = s / l[i * n + i]!;
  }
  return out;
}

/** x = K^{-1} b given K's Cholesky factor. */
export function cholSolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveLowerTransposed(l, n, solveLower(l, n, b));
}

/** K^{-1} (full, symmetric) from K's Cholesky factor, as L^{-T} L^{-1}. */
export function cholInverse(l: Float64Array, n: number): Float64Array {
  // Rows of X = L^{-1}: X_i = (e_i - sum_{k<i} L_ik X_k) / L_ii; row k is zero beyond column k.
  // Row-wise updates keep every inner loop contiguous in memory.
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let k = 0; k < i; k++) {
      const lik = l[rowI + k]!;
      if (lik === 0) continue;
      const rowK = k * n;
      for (let j = 0; j <= k; j++) x[rowI + j] = x[rowI + j]! - lik * x[rowK + j]!;
    }
    x[rowI + i] = x[rowI + i]! + 1;
    const inv = 1 / l[rowI + i]!;
    for (let j = 0; j <= i; j++) x[rowI + j] = x[rowI + j]! * inv;
  }
  // K^{-1} = X^T X = sum_k outer(X_k, X_k), accumulated in the lower triangle.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i <= k; i++) {
      const xki = x[rowK + i]!;
      if (xki === 0) continue;
      const rowI = i * n;
      for (let j = 0; j <= i; j++) out[rowI + j] = out[rowI + j]! + xki * x[rowK + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  return out;
}

/** log det K from its Cholesky factor. */
export function cholLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}
