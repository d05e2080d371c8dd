import type { Fields } from '../config/fields.js';
import { crossedRung, judgeAtRung, rungsFrom } from './rungs.js';
import type { RungEvidence } from './rungs.js';
import { CONTINUE, EARLY_TERMINATE_PATH, type StopInput, type StoppingRule, type StopVerdict } from './types.js';

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

export function decideHyperband(cfg: HyperbandConfig, input: StopInput): StopVerdict<HyperbandEvidence> {
  const { minIter, count } = hyperbandBrackets(cfg);
  const bracketOf = (trial: number) => trial % count;
  const bracket = bracketOf(input.trial);
  const rungs = rungsFrom(minIter * cfg.eta ** bracket, cfg.eta, cfg.max_iter);
  const rung = crossedRung(rungs, input.step, input.previousStep);
  if (rung === undefined) return CONTINUE;
  const strict = cfg.strict ?? true;
  return judgeAtRung<HyperbandEvidence>(input, rung, cfg.eta, strict ? (t) => bracketOf(t) === bracket : () => true, 'hyperband', { bracket, brackets: count, strict });
}

export interface HyperbandConfig {
  type: 'hyperband';
  min_iter?: number;
  max_iter?: number;
  eta: number;
  s?: number;
  /** W&B's schema documents a default of true; left absent when not written. */
  strict?: boolean;
}

export type HyperbandEvidence = Omit<RungEvidence, 'rule'> & {
  rule: 'hyperband';
  bracket: number;
  brackets: number;
  strict: boolean;
};

function parseHyperband(f: Fields): HyperbandConfig | undefined {
  f.onlyKeys(['type', 'min_iter', 'max_iter', 's', 'eta', 'strict'], 'hyperband');
  const minIter = f.number('min_iter', { integer: true, min: 1, why: 'the first step at which runs may be stopped' });
  const maxIter = f.number('max_iter', { integer: true, min: 1, why: 'the last step at which runs may be stopped' });
  let s = f.number('s', { integer: true, min: 1, why: 'the number of brackets' });
  const eta = f.number('eta', { fallback: 3, exclusiveMin: 1, why: 'the keep-1/eta reduction factor' });
  const strict = f.boolean('strict');
  if (!f.has('min_iter') && !f.has('max_iter')) {
    f.problems.error(EARLY_TERMINATE_PATH, 'hyperband needs min_iter (first step to stop runs at) or max_iter with s (last step and number of brackets); add one of them');
    return undefined;
  }
  if (minIter !== undefined && maxIter !== undefined && maxIter <= minIter) {
    f.problems.error(f.at('max_iter'), `must be greater than ${f.at('min_iter')} (${minIter})`);
  }
  if (eta !== undefined && maxIter !== undefined && minIter === undefined && !f.has('s')) {
    // W&B's schema wants s with max_iter; rather than refuse, use every bracket down to 1 step.
    s = Math.max(1, Math.floor(Math.log(maxIter) / Math.log(eta) + 1e-9));
    f.problems.warn(f.at('s'), `not set: using ${s} (brackets down to 1 step); W&B requires s when only max_iter is given`);
  }
  if (eta !== undefined && maxIter !== undefined && s !== undefined && minIter === undefined && maxIter / eta ** s < 1) {
    f.problems.warn(f.at('s'), `with max_iter ${maxIter} and eta ${eta}, brackets below step 1 are never reached; use s <= ${Math.max(1, Math.floor(Math.log(maxIter) / Math.log(eta) + 1e-9))}`);
  }
  if (f.problems.count > 0 || eta === undefined) return undefined;
  return {
    type: 'hyperband',
    eta,
    ...(minIter !== undefined ? { min_iter: minIter } : {}),
    ...(maxIter !== undefined ? { max_iter: maxIter } : {}),
    ...(s !== undefined ? { s } : {}),
    ...(strict !== undefined ? { strict } : {}),
  };
}

export const hyperbandRule: StoppingRule<HyperbandConfig, HyperbandEvidence> = {
  type: 'hyperband',
  summary: 'asynchronous Hyperband: successive halving in brackets that start judging at different steps',
  example: { type: 'hyperband', min_iter: 1, eta: 2 },
  parse: parseHyperband,
  decide: decideHyperband,
};
