import { Rng } from '../rng.js';
import { primitivePolynomials } from './primitive-polynomials.js';

/**
 * Scrambled Sobol points in [0, 1)^d. Direction numbers come from generated primitive
 * polynomials; the initial odd values m_k < 2^k for the first dimensions follow a small fixed
 * table and are drawn from a fixed hash beyond it (any odd m_k < 2^k gives a valid digital
 * sequence). A random linear matrix scramble plus a digital shift (Matousek 1998), seeded by
 * the caller, removes the lattice artefacts and makes the points uniform one by one while
 * keeping the net structure. Everything is recomputed from (seed, d), so the searcher only
 * persists the seed and an index.
 */

const BITS = 32;
const TABLE: number[][] = [
  [1], [1, 3], [1, 3, 1], [1, 1, 1], [1, 1, 3, 3], [1, 3, 5, 13], [1, 1, 5, 5, 17], [1, 1, 5, 5, 5],
  [1, 1, 7, 11, 19], [1, 1, 5, 1, 1], [1, 1, 1, 3, 11], [1, 3, 5, 5, 31], [1, 3, 3, 9, 7, 49],
  [1, 1, 1, 15, 21, 21], [1, 3, 1, 13, 27, 49], [1, 1, 1, 15, 7, 5], [1, 3, 1, 15, 13, 25],
  [1, 1, 5, 5, 19, 61], [1, 3, 7, 11, 23, 15, 103], [1, 3, 7, 13, 13, 15, 69],
];

function degreeOf(poly: number): number {
  return 31 - Math.clz32(poly);
}

/** Direction numbers V_k (k = 1..32) of dimension `dim` (0-based), as 32-bit fractions. */
function directions(dim: number, poly: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = (1 << (BITS - 1 - k)) >>> 0;
    return v;
  }
  const s = degreeOf(poly);
  const m = new Uint32Array(BITS);
  const hash = Rng.fromSeed(0x5eed0000 + dim);
  for (let k = 0; k < Math.min(s, BITS); k++) {
    const given = TABLE[dim - 1]?.[k];
    m[k] = given !== undefined && given < 2 ** (k + 1) ? given : (2 * hash.int(0, 2 ** k - 1) + 1) >>> 0;
  }
  for (let k = s; k < BITS; k++) {
    // m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^s m_{k-s} ^ m_{k-s}
    let mk = m[k - s]! ^ (m[k - s]! << s);
    for (let i = 1; i < s; i++) {
      if ((poly >>> (s - i)) & 1) mk ^= m[k - i]! << i;
    }
    m[k] = mk >>> 0;
  }
  for (let k = 0; k < BITS; k++) v[k] = (m[k]! << (BITS - 1 - k)) >>> 0;
  return v;
}

function parity(x: number): number {
  let v = x >>> 0;
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

export class Sobol {
  private readonly dirs: Uint32Array[];
  private readonly shift: Uint32Array;

  constructor(readonly d: number, seed: number) {
    const polys = primitivePolynomials(Math.max(0, d - 1));
    const rng = Rng.fromSeed(seed);
    this.dirs = [];
    this.shift = new Uint32Array(d);
    for (let j = 0; j < d; j++) {
      const raw = directions(j, j === 0 ? 1 : polys[j - 1] ?? 1);
      // Lower-triangular scramble: output digit r (from the top) is input digit r plus a
      // random combination of the digits above it.
      const rows = new Uint32Array(BITS);
      for (let r = 0; r < BITS; r++) {
        const diag = (1 << (BITS - 1 - r)) >>> 0;
        const above = r === 0 ? 0 : (rng.uint32() & ~((2 ** (BITS - r) - 1) >>> 0)) >>> 0;
        rows[r] = (diag | above) >>> 0;
      }
      const scrambled = new Uint32Array(BITS);
      for (let k = 0; k < BITS; k++) {
        let out = 0;
        for (let r = 0; r < BITS; r++) if (parity(rows[r]! & raw[k]!)) out |= 1 << (BITS - 1 - r);
        scrambled[k] = out >>> 0;
      }
      this.dirs.push(scrambled);
      this.shift[j] = rng.uint32();
    }
  }

  /** The index-th point (index >= 0), in Gray-code order. */
  point(index: number): number[] {
    const gray = (index ^ Math.floor(index / 2)) >>> 0;
    const out: number[] = [];
    for (let j = 0; j < this.d; j++) {
      let x = this.shift[j]!;
      const dir = this.dirs[j]!;
      for (let k = 0; k < BITS; k++) if ((gray >>> k) & 1) x = (x ^ dir[k]!) >>> 0;
      // Centre of the 2^-32 cell, so a coordinate is never exactly 0.
      out.push((x + 0.5) / 4294967296);
    }
    return out;
  }
}
