import type { SweepConfig } from '../config/types.js';
import type { SearcherState } from '../searcher/types.js';
import { curveOf } from './curves.js';
import { stoppingRuleOf } from './registry.js';
import { CONTINUE, type StopVerdict } from './types.js';

/** The configured early-stopping rule's verdict on `trial` right after its report at `step`. */
export function decideStop(config: SweepConfig, state: SearcherState, trial: number, step: number, previousStep: number | undefined): StopVerdict {
  const rule = config.earlyTerminate;
  const rec = state.trials[trial];
  if (!rule || !rec || rec.status !== 'pending') return CONTINUE;
  const goal = config.metric?.goal ?? 'minimize';
  const input = { state, goal, trial, step, curve: curveOf(rec, goal), previousStep };
  return stoppingRuleOf(rule.type).decide(rule, input);
}
