import type { HyperbandConfig } from '../config/types.js';
import { crossedRung, judgeAtRung, rungsFrom } from './rungs.js';
import { CONTINUE, type StopInput, type StopVerdict } from './types.js';

/**
 * Asynchronous Hyperband (Li et al. 2018/2020) with W&B's keys. Hyperband hedges over how
 * early to judge: trials are dealt round-robin into `s` brackets, bracket b starting its rungs
 * at min_iter * eta^b, so some trials are judged early and aggressively, others late.
 * Within a bracket it is successive halving. `strict` (W&B's default) compares a trial only
 * with its own bracket, as in the paper; `strict: false` pools every trial that reached the
 * rung, which is gentler early on when a bracket has few members.
 *
 * With only max_iter given, the brackets are counted down from it: min_iter = max_iter / eta^s.
 * A bracket whose first rung is at or beyond max_iter never stops anything (plain training).
 */
export function hyperbandBrackets(cfg: HyperbandConfig): { minIter: number; count: number } {
  const eta = cfg.eta;
  if (cfg.min_iter !== undefined) {
    // One bracket per rung below max_iter (the paper's s_max + 1); without max_iter, three.
    const byMax = cfg.max_iter !== undefined ? Math.max(1, Math.floor(Math.log(cfg.max_iter / cfg.min_iter) / Math.log(eta) + 1e-9)) : DEFAULT_BRACKETS;
    return { minIter: cfg.min_iter, count: cfg.s ?? byMax };
  }
  const s = cfg.s ?? 1;
  return { minIter: Math.max(1, (cfg.max_iter ?? 1) / eta ** s), count: s };
}

const DEFAULT_BRACKETS = 3;

export function decideHyperband(cfg: HyperbandConfig, input: StopInput): StopVerdict {
  const { minIter, count } = hyperbandBrackets(cfg);
  const bracketOf = (trial: number) => trial % count;
  const bracket = bracketOf(input.trial);
  const rungs = rungsFrom(minIter * cfg.eta ** bracket, cfg.eta, cfg.max_iter);
  const rung = crossedRung(rungs, input.step, input.previousStep);
  if (rung === undefined) return CONTINUE;
  const strict = cfg.strict ?? true;
  return judgeAtRung(input, rung, cfg.eta, strict ? (t) => bracketOf(t) === bracket : () => true, 'hyperband', { bracket, brackets: count, strict });
}
