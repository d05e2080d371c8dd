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
