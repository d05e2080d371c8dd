import { defaultPrior, fitHyper } from '../gp/fit.js';
import { standardize } from '../gp/output-transform.js';
import { Posterior } from '../gp/posterior.js';
import { Sobol } from '../math/sobol.js';
import { featureSpace, randomFeatures, toFeatures } from '../samplers/features.js';
import type { Params, Space } from '../space/types.js';

export interface ParameterImportance {
  name: string;
  /** Share of the objective's variance this parameter explains alone (main effect), 0..1. */
  importance: number;
}

export interface ImportanceOptions {
  /** Points averaged over for each conditional mean; more is smoother and slower. */
  samples?: number;
  /** Values of each continuous parameter the main effect is evaluated at. */
  grid?: number;
  /** Fits on at most this many trials (the best ones are not favoured: a random subset would be; here the latest). */
  maxTrials?: number;
}

const DEFAULTS = { samples: 128, grid: 12, maxTrials: 300 } as const;

/**
 * How much each parameter matters, fANOVA-style (Hutter, Hoos & Leyton-Brown, ICML 2014): fit a
 * surrogate of the objective over the finished trials (our GP, in the samplers' feature space),
 * then, for each parameter, the variance over its values of the surrogate's mean with every other
 * parameter averaged out, as a share of the surrogate's total variance. Interactions are not
 * attributed, so shares sum to at most 1. Deterministic: the averaging points are a fixed
 * scrambled Sobol sequence.
 * @returns empty when fewer than 4 trials (or no varying parameter) leave nothing to model.
 */
export function parameterImportance(space: Space, trials: ReadonlyArray<{ params: Params; value: number }>, o: ImportanceOptions = {}): ParameterImportance[] {
  const { samples, grid, maxTrials } = { ...DEFAULTS, ...o };
  const fs = featureSpace(space);
  const d = fs.dims.length;
  const rows: Float64Array[] = [];
  const ys: number[] = [];
  for (const t of trials.slice(-maxTrials)) {
    const f = Number.isFinite(t.value) ? toFeatures(fs, t.params) : undefined;
    if (!f) continue;
    rows.push(f);
    ys.push(t.value);
  }
  if (d === 0 || rows.length < 4) return [];
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => x.set(r, i * d));
  const inputs = { x, n: rows.length, d, cat: Uint8Array.from(fs.dims, (f) => (f.kind === 'cat' ? 1 : 0)) };
  const y = standardize(ys);
  const posterior = new Posterior(inputs, y, fitHyper(inputs, y, { prior: defaultPrior(d), starts: [], maxEvaluations: 200 }));

  const sobol = new Sobol(d, 1);
  const base = Array.from({ length: samples }, (_, i) => randomFeatures(fs, sobol.point(i + 1)));
  const mean = (p: Float64Array): number => posterior.predict(p).mean;
  const all = base.map(mean);
  const total = variance(all);
  if (!(total > 1e-12)) return fs.dims.map((f) => ({ name: space[f.dim]!.name, importance: 0 }));

  const point = new Float64Array(d);
  return fs.dims.map((f, j) => {
    // Each level of a discrete parameter, else evenly spaced values in [0, 1].
    const levels = f.kind === 'cat' ? Array.from({ length: f.levels }, (_, k) => k)
      : f.kind === 'ordinal' ? Array.from({ length: f.levels }, (_, k) => k / (f.levels - 1))
        : Array.from({ length: grid }, (_, k) => (k + 0.5) / grid);
    const conditional = levels.map((v) => {
      let sum = 0;
      for (const b of base) {
        point.set(b);
        point[j] = v;
        sum += mean(point);
      }
      return sum / base.length;
    });
    return { name: space[f.dim]!.name, importance: Math.min(1, variance(conditional) / total) };
  }).sort((a, b) => b.importance - a.importance || (a.name < b.name ? -1 : 1));
}

function variance(values: readonly number[]): number {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
}
