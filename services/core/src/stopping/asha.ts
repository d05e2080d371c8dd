import type { AshaConfig } from '../config/types.js';
import { crossedRung, judgeAtRung, rungsFrom } from './rungs.js';
import { CONTINUE, type StopInput, type StopVerdict } from './types.js';

/** Asynchronous successive halving: rungs at min_iter * eta^k, top 1/eta continue. */
export function decideAsha(cfg: AshaConfig, input: StopInput): StopVerdict {
  const rung = crossedRung(rungsFrom(cfg.min_iter, cfg.eta, cfg.max_iter), input.step, input.previousStep);
  if (rung === undefined) return CONTINUE;
  return judgeAtRung(input, rung, cfg.eta, () => true, 'asha');
}
