import { admissibleOf, type Admissible } from '../constraints/admissible.js';
import type { SweepConfig } from '../config/types.js';
import { CoreError } from '../errors.js';
import type { Rng } from '../rng.js';
import { gridPointAt, gridSize } from '../space/grid.js';
import { sampleParams } from '../space/sample.js';
import type { Params } from '../space/types.js';
import { paramsKey, proposeRandom } from './random.js';

/**
 * Random proposals under parameter constraints, by rejection. Parse time made sure a random
 * draw meets the constraints at least once in SATISFIABILITY_DRAWS (config/constraints.ts), so
 * a budget ten times that fails only for a region too small to sample; the sweep then ends
 * with CONSTRAINTS_UNSATISFIABLE rather than proposing a trial the user ruled out.
 */

export const REJECTION_BUDGET = 20_000;
// Finite spaces up to this size are enumerated once rejection of fresh draws stalls.
const ENUMERATION_LIMIT = 100_000;
// Draws that may repeat a trial's params before the open points are listed.
const FRESH_DRAWS = 64;

function unsatisfiable(config: SweepConfig, tried: string): CoreError {
  const list = (config.constraints?.parameters ?? []).map((c) => `'${c.text}'`).join(', ');
  return new CoreError('CONSTRAINTS_UNSATISFIABLE', `no params meeting the constraints ${list} were found (${tried}); the sweep ends`);
}

export function proposeAdmissibleRandom(config: SweepConfig, rng: Rng, taken: ReadonlySet<string>, admissible: Admissible | undefined = admissibleOf(config)): Params {
  if (!admissible) return proposeRandom(config.space, rng, taken);
  for (let i = 0; i < FRESH_DRAWS; i++) {
    const p = proposeRandom(config.space, rng, taken);
    if (admissible(p)) return p;
  }
  const size = gridSize(config.space);
  if (Number.isFinite(size) && size <= ENUMERATION_LIMIT) {
    const allowed: number[] = [];
    const open: number[] = [];
    for (let i = 0; i < size; i++) {
      const p = gridPointAt(config.space, i);
      if (!admissible(p)) continue;
      allowed.push(i);
      if (!taken.has(paramsKey(p))) open.push(i);
    }
    // Once every allowed point is taken, repeats are allowed (as random search does).
    const pool = open.length > 0 ? open : allowed;
    if (pool.length === 0) throw unsatisfiable(config, `all ${size} points of the space checked`);
    return gridPointAt(config.space, pool[rng.int(0, pool.length - 1)]!);
  }
  for (let i = 0; i < REJECTION_BUDGET; i++) {
    const p = sampleParams(config.space, rng);
    if (admissible(p)) return p;
  }
  throw unsatisfiable(config, `${REJECTION_BUDGET} random draws`);
}

/** The first grid index at or after `cursor` whose point meets the constraints; undefined when none is left. */
export function nextAdmissibleGridIndex(config: SweepConfig, cursor: number): number | undefined {
  const size = gridSize(config.space);
  const admissible = admissibleOf(config);
  for (let i = cursor; i < size; i++) if (!admissible || admissible(gridPointAt(config.space, i))) return i;
  return undefined;
}
