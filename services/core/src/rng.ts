import { CoreError } from './errors.js';

/**
 * xoshiro128** state: four unsigned 32-bit words. Plain JSON on purpose, so a searcher's
 * random stream can be persisted in Postgres (jsonb) and resumed bit-for-bit.
 */
export interface RngState {
  s: [number, number, number, number];
}

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** splitmix32: spreads a low-entropy seed over all state words; xoshiro must not start at zero. */
function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return (t ^ (t >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): RngState {
  if (!Number.isFinite(seed)) {
    throw new CoreError('RNG_SEED_INVALID', `seed must be a finite number, got ${String(seed)}`);
  }
  const whole = Math.floor(seed);
  // Keep the high bits too, so seeds differing only above 2^32 (e.g. timestamps) still differ.
  const lo = ((whole % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;
  const hi = Math.floor(whole / TWO_POW_32) >>> 0;
  const next = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
  const s: [number, number, number, number] = [next(), next(), next(), next()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return { s };
}

export function isRngState(value: unknown): value is RngState {
  if (typeof value !== 'object' || value === null) return false;
  const s = (value as { s?: unknown }).s;
  return (
    Array.isArray(s) &&
    s.length === 4 &&
    s.every((w) => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w < TWO_POW_32) &&
    s.some((w) => w !== 0)
  );
}

/**
 * A mutable generator over a copied state. Code inside the core uses it locally and writes
 * `rng.state()` back into its (immutable) JSON state when done.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(state: RngState) {
    [this.s0, this.s1, this.s2, this.s3] = state.s;
  }

  static fromSeed(seed: number): Rng {
    return new Rng(createRng(seed));
  }

  static fromState(state: RngState): Rng {
    if (!isRngState(state)) {
      throw new CoreError('RNG_STATE_INVALID', 'rng state must be {s: [4 uint32, not all zero]}', {
        state,
      });
    }
    return new Rng(state);
  }

  state(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3] };
  }

  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (a single uint32 would leave visible gaps). */
  float(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform integer in [lo, hi], both inclusive; rejection sampling avoids modulo bias. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new CoreError('SPACE_INVALID', `int range [${lo}, ${hi}] is not a valid integer range`);
    }
    const span = hi - lo + 1;
    if (span <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return lo + (x % span);
    }
    return lo + Math.floor(this.float() * span);
  }

  /** Index into weights proportional to their value (weights need not sum to 1). */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((acc, w) => acc + w, 0);
    let target = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    // Float rounding can leave target at ~0: fall back to the last non-zero weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
    return weights.length - 1;
  }

  /** Standard normal by Box-Muller; the second variate is dropped so the state stays 4 words. */
  normal(): number {
    const u = 1 - this.float(); // (0, 1]: log(0) is impossible
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, 1) by Marsaglia-Tsang; the boost for shape < 1 keeps it exact there too. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = 1 - this.float();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}

/** Functional form for callers that prefer not to hold a mutable generator. */
export function nextFloat(state: RngState): { value: number; state: RngState } {
  const rng = Rng.fromState(state);
  const value = rng.float();
  return { value, state: rng.state() };
}

export function nextUint32(state: RngState): { value: number; state: RngState } {
  const rng = Rng.fromState(state);
  const value = rng.uint32();
  return { value, state: rng.state() };
}
