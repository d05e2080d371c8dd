import type { Goal } from '../config/types.js';
import type { SearcherState } from '../searcher/types.js';
import type { Curve } from './curves.js';

/** What a stopping rule sees: the reporting trial's curve after this report, and everything else. */
export interface StopInput {
  state: SearcherState;
  goal: Goal;
  trial: number;
  step: number;
  curve: Curve;
  /** The step of this trial's previous report (rules that judge at rungs act on crossing one). */
  previousStep: number | undefined;
}

/** A stop carries the evidence shown to users: rule, step/rung, threshold, cohort, values. */
export type StopVerdict = { stop: false } | { stop: true; evidence: Record<string, unknown> };

export const CONTINUE: StopVerdict = { stop: false };
