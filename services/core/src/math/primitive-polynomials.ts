/**
 * Primitive polynomials over GF(2), generated rather than tabulated: a Sobol dimension needs
 * one distinct primitive polynomial each, in increasing degree. A polynomial is an integer
 * whose bit k is the coefficient of x^k.
 */

function mulMod(a: number, b: number, poly: number, degree: number): number {
  let result = 0;
  const top = 1 << degree;
  while (b) {
    if (b & 1) result ^= a;
    b >>>= 1;
    a <<= 1;
    if (a & top) a ^= poly;
  }
  return result;
}

function powMod(exp: number, poly: number, degree: number): number {
  // x^exp mod poly by square-and-multiply; x is the integer 2.
  let result = 1;
  let base = degree === 1 ? 2 ^ poly : 2;
  let e = exp;
  while (e > 0) {
    if (e & 1) result = mulMod(result, base, poly, degree);
    base = mulMod(base, base, poly, degree);
    e = Math.floor(e / 2);
  }
  return result;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  let m = n;
  for (let p = 2; p * p <= m; p++) {
    if (m % p === 0) {
      out.push(p);
      while (m % p === 0) m /= p;
    }
  }
  if (m > 1) out.push(m);
  return out;
}

/** Primitive iff x has multiplicative order exactly 2^degree - 1 modulo the polynomial. */
function isPrimitive(poly: number, degree: number): boolean {
  const order = 2 ** degree - 1;
  if (powMod(order, poly, degree) !== 1) return false;
  return primeFactors(order).every((q) => powMod(order / q, poly, degree) !== 1);
}

const cache: number[] = [];

/** The first `count` primitive polynomials, by degree then by value (degree <= 24). */
export function primitivePolynomials(count: number): number[] {
  if (cache.length >= count) return cache.slice(0, count);
  cache.length = 0;
  for (let degree = 1; degree <= 24 && cache.length < count; degree++) {
    // Leading and constant coefficients are 1 in every primitive polynomial.
    for (let mid = 0; mid < 1 << (degree - 1) && cache.length < count; mid++) {
      const poly = (1 << degree) | (mid << 1) | 1;
      if (isPrimitive(poly, degree)) cache.push(poly);
    }
  }
  return cache.slice(0, count);
}
