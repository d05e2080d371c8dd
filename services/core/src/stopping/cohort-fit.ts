/**
 * The cohort's view of a trial's future: among completed trials, regress the final value on
 * the value at the same step (least squares line), and give a one-sided prediction bound for
 * a trial now at `x`. Where early values rank finals well (curves that do not cross), the
 * line is tight and speaks early; where curves cross, the slope is weak or negative, the
 * residuals large, and the bound stays out of the way.
 */

export interface CohortForecast {
  predicted: number;
  optimistic: number;
  slope: number;
  points: number;
}

// ~97.5% one-sided Student t quantiles for small samples (df = n - 2), then the normal value.
function tQuantile(df: number): number {
  const table = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23];
  return df <= table.length ? table[Math.max(1, df) - 1]! : 1.96 + 2.4 / df;
}

export function cohortForecast(pairs: readonly [number, number][], x: number, minPoints: number): CohortForecast | undefined {
  const n = pairs.length;
  if (n < minPoints) return undefined;
  let mx = 0;
  let mz = 0;
  for (const [a, b] of pairs) {
    mx += a;
    mz += b;
  }
  mx /= n;
  mz /= n;
  let sxx = 0;
  let sxz = 0;
  for (const [a, b] of pairs) {
    sxx += (a - mx) ** 2;
    sxz += (a - mx) * (b - mz);
  }
  if (!(sxx > 0)) return undefined;
  const slope = sxz / sxx;
  let sse = 0;
  for (const [a, b] of pairs) sse += (b - mz - slope * (a - mx)) ** 2;
  const s = Math.sqrt(sse / (n - 2));
  const predicted = mz + slope * (x - mx);
  const pi = s * Math.sqrt(1 + 1 / n + (x - mx) ** 2 / sxx);
  return { predicted, optimistic: predicted - tQuantile(n - 2) * pi, slope, points: n };
}
