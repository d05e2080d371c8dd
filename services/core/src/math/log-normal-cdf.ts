import { normalCdf } from '../space/normal-cdf.js';
import { tailFraction } from './continued-fraction.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log Phi(z) and its slope phi(z) / Phi(z), accurate far into the lower tail (where Phi
 * underflows): below -2 through the Mills ratio, Phi(z) = phi(z) R(-z).
 */
export function logNormalCdf(z: number): { value: number; slope: number } {
  if (z > -2) {
    const cdf = normalCdf(z);
    const pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    return { value: Math.log(cdf), slope: pdf / cdf };
  }
  const r = 1 / tailFraction(-z, 1, 300);
  return { value: -0.5 * z * z - LOG_SQRT_2PI + Math.log(r), slope: 1 / r };
}
