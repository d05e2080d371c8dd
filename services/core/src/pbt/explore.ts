import type { PbtConfig } from '../config/types.js';
import type { Rng } from '../rng.js';
import { completeActive } from '../space/conditions.js';
import { snapToQ } from '../space/dimension.js';
import { sampleDimension } from '../space/sample.js';
import type { Dimension, Params, Space } from '../space/types.js';
import { sameValue } from '../space/values.js';

function clampToDim(dim: Dimension, x: number): number {
  let v = x;
  if (dim.low !== undefined) v = Math.max(dim.low, v);
  if (dim.high !== undefined) v = Math.min(dim.high, v);
  return v;
}

/**
 * PBT's explore step on a copy of the parent's params: each parameter is resampled from its
 * prior with `resampleProbability`, otherwise perturbed: numbers are multiplied by one of the
 * perturb factors (multiplicative moves suit log-scaled knobs like learning rates, the usual
 * targets), integers then rounded, choices moved to a neighbouring value. In a conditional
 * space only the parent's parameters are explored; a choice that moves to another branch
 * drops the parameters it no longer has and draws the ones it gains from their priors.
 */
export function explore(space: Space, cfg: PbtConfig, parent: Params, rng: Rng): Params {
  const child: Params = { ...parent };
  for (const dim of space) {
    if (dim.kind === 'constant' || !(dim.name in parent)) continue;
    if (rng.float() < cfg.resampleProbability) {
      child[dim.name] = sampleDimension(dim, rng);
      continue;
    }
    const value = parent[dim.name];
    if (dim.kind === 'categorical') {
      const values = dim.values ?? [];
      const at = values.findIndex((v) => sameValue(v, value));
      const step = rng.float() < 0.5 ? -1 : 1;
      child[dim.name] = values[Math.min(values.length - 1, Math.max(0, at + step))];
      continue;
    }
    if (typeof value !== 'number') continue;
    const factor = cfg.perturb[rng.int(0, cfg.perturb.length - 1)]!;
    let next = value * factor;
    // A zero (or a tiny value) never moves multiplicatively; nudge it by a share of the range.
    if (Math.abs(next - value) < 1e-12 && dim.low !== undefined && dim.high !== undefined) {
      next = value + (factor - 1) * (dim.high - dim.low);
    }
    if (dim.kind === 'int') {
      let rounded = Math.round(next);
      if (rounded === value) rounded = value + (factor > 1 ? 1 : -1);
      child[dim.name] = clampToDim(dim, rounded);
    } else {
      child[dim.name] = snapToQ(dim, clampToDim(dim, next));
    }
  }
  return completeActive(space, child, (dim) => sampleDimension(dim, rng));
}
