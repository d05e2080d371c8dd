import type { Fields } from '../config/fields.js';
import { crossedRung, judgeAtRung, rungsFrom } from './rungs.js';
import type { RungEvidence } from './rungs.js';
import { CONTINUE, type StopInput, type StoppingRule, type StopVerdict } from './types.js';

/** Asynchronous successive halving: rungs at min_iter * eta^k, top 1/eta continue. */
export function decideAsha(cfg: AshaConfig, input: StopInput): StopVerdict<RungEvidence> {
  const rung = crossedRung(rungsFrom(cfg.min_iter, cfg.eta, cfg.max_iter), input.step, input.previousStep);
  if (rung === undefined) return CONTINUE;
  return judgeAtRung<RungEvidence>(input, rung, cfg.eta, () => true, 'asha');
}

/** Anneal: asynchronous successive halving. */
export interface AshaConfig {
  type: 'asha';
  /** First rung (grace period), in steps. */
  min_iter: number;
  max_iter?: number;
  eta: number;
}

/** ASHA's evidence: successive halving at a rung. */
export type AshaEvidence = RungEvidence;

function parseAsha(f: Fields): AshaConfig | undefined {
  f.onlyKeys(['type', 'min_iter', 'max_iter', 'eta'], 'asha');
  const minIter = f.number('min_iter', { fallback: 1, integer: true, min: 1, why: 'the first rung, in steps' });
  const maxIter = f.number('max_iter', { integer: true, min: 1, why: 'the last rung, in steps' });
  const eta = f.number('eta', { fallback: 3, exclusiveMin: 1, why: 'the keep-1/eta reduction factor' });
  if (minIter !== undefined && maxIter !== undefined && maxIter <= minIter) {
    f.problems.error(f.at('max_iter'), `must be greater than ${f.at('min_iter')} (${minIter})`);
    return undefined;
  }
  if (minIter === undefined || eta === undefined) return undefined;
  return { type: 'asha', min_iter: minIter, eta, ...(maxIter !== undefined ? { max_iter: maxIter } : {}) };
}

export const ashaRule: StoppingRule<AshaConfig, AshaEvidence> = {
  type: 'asha',
  summary: 'asynchronous successive halving: rungs at min_iter * eta^k, the top 1/eta continue',
  example: { type: 'asha', min_iter: 1, eta: 2 },
  parse: parseAsha,
  decide: decideAsha,
};
