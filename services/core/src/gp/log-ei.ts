import { tailFraction } from '../math/continued-fraction.js';
import { normalCdf } from '../space/normal-cdf.js';

/**
 * log h(z) with h(z) = z Phi(z) + phi(z), the standardized expected improvement, evaluated
 * without underflow or cancellation far into the tail (after Ament et al. 2023, "Unexpected
 * improvements to expected improvement"). Plain EI is exactly 0 in floating point over most
 * of the space once the model is confident, which leaves an optimizer no gradient to follow;
 * log EI keeps a usable slope everywhere.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Mills ratio R(x) = (1 - Phi(x)) / phi(x) for x >= 2, by its continued fraction (Lentz). */
function millsRatio(x: number): number {
  // R(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...))))
  return 1 / tailFraction(x, 1, 300);
}

/** log h(z) and d log h / dz = Phi(z) / h(z). */
export function logH(z: number): { value: number; slope: number } {
  if (z > -2) {
    const cdf = normalCdf(z);
    const pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    const h = z * cdf + pdf;
    return { value: Math.log(h), slope: cdf / h };
  }
  const x = -z;
  const logPdf = -0.5 * x * x - LOG_SQRT_2PI;
  if (x < 40) {
    // h = phi(z) (1 - x R(x)); Phi(z) = phi(z) R(x). The cancellation in 1 - xR costs about
    // log10(x^2) digits, still fine at x = 40.
    const r = millsRatio(x);
    const t = 1 - x * r;
    return { value: logPdf + Math.log(t), slope: r / t };
  }
  // Asymptotic: 1 - xR(x) = 1/x^2 - 3/x^4 + 15/x^6 - ...
  const x2 = x * x;
  const t = (1 / x2) * (1 - 3 / x2 + 15 / (x2 * x2));
  const r = (1 / x) * (1 - 1 / x2 + 3 / (x2 * x2));
  return { value: logPdf + Math.log(t), slope: r / t };
}

/**
 * log EI for minimization, best = incumbent, and its partial derivatives in mean and sd.
 * EI = sd * h((best - mean) / sd).
 */
export function logEi(mean: number, sd: number, best: number): { value: number; dMean: number; dSd: number } {
  const z = (best - mean) / sd;
  const h = logH(z);
  return { value: Math.log(sd) + h.value, dMean: -h.slope / sd, dSd: 1 / sd - (h.slope * z) / sd };
}
