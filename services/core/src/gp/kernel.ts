/**
 * Matérn-5/2 kernel with one lengthscale per feature (ARD). Real and ordinal features add
 * (x - x')^2 / l^2 to r^2; categorical features add 1 / l^2 when the choices differ, which is
 * what a one-hot encoding with a shared lengthscale per parameter would give, without
 * widening the input.
 */

export const SQRT5 = Math.sqrt(5);

export interface KernelParams {
  /** Per-feature lengthscales. */
  ls: Float64Array;
  /** Signal variance. */
  signal: number;
}

/** Row-major n x d inputs plus which features are categorical. */
export interface Inputs {
  x: Float64Array;
  n: number;
  d: number;
  cat: Uint8Array;
}

/**
 * The kernel's distance, the one place it is written: r^2 = sum over features of
 * (a_l - b_l)^2 / l^2, categorical features adding 1 / l^2 when they differ. Every kernel
 * evaluation (fit, posterior, kernel matrix) goes through it.
 */
export function scaledSqDist(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, invLs2: Float64Array, cat: Uint8Array): number {
  let r2 = 0;
  for (let l = 0; l < invLs2.length; l++) {
    const diff = a[aOff + l]! - b[bOff + l]!;
    r2 += cat[l] ? (diff !== 0 ? invLs2[l]! : 0) : diff * diff * invLs2[l]!;
  }
  return r2;
}

/** k(r) for Matérn 5/2 with unit signal variance. */
export function matern52(r: number): number {
  const s = SQRT5 * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

/** Out-parameter of {@link matern52Terms}: one per caller, so hot loops allocate nothing. */
export interface MaternTerms {
  /** signal * k(r). */
  k: number;
  /** signal * (5/3) * (1 + sqrt5 r) * exp(-sqrt5 r): dk/dx_l = -dk * (x_l - x'_l) / l^2. */
  dk: number;
}

/**
 * Kernel value and gradient factor at squared scaled distance `r2`, sharing one exp. (The
 * products are evaluated as signal * poly * exp, left to right, exactly as the fit and the
 * posterior always have; the kernel matrix's signal * k(r) rounds differently in the last bit.)
 */
export function matern52Terms(r2: number, signal: number, out: MaternTerms): MaternTerms {
  const s = SQRT5 * Math.sqrt(r2);
  const ex = Math.exp(-s);
  out.k = signal * (1 + s + (s * s) / 3) * ex;
  out.dk = signal * (5 / 3) * (1 + s) * ex;
  return out;
}

export function invSquared(ls: Float64Array): Float64Array {
  const out = new Float64Array(ls.length);
  for (let l = 0; l < ls.length; l++) out[l] = 1 / (ls[l]! * ls[l]!);
  return out;
}

/** The n x n kernel matrix (noise not included). */
export function kernelMatrix(inp: Inputs, p: KernelParams): Float64Array {
  const { x, n, d, cat } = inp;
  const inv = invSquared(p.ls);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = p.signal;
    for (let j = 0; j < i; j++) {
      const v = p.signal * matern52(Math.sqrt(scaledSqDist(x, i * d, x, j * d, inv, cat)));
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return k;
}
