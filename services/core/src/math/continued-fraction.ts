/**
 * x + s/(x + 2s/(x + 3s/(x + ...))) by the modified Lentz method: the shape shared by the
 * Mills ratio (s = 1) and erfc's Laplace fraction (s = 1/2), both needed far into the tail
 * where series and complements lose all precision.
 */
export function tailFraction(x: number, s: number, maxTerms: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < maxTerms; k++) {
    const a = k * s;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}
