import type { Goal } from '../config/types.js';
import type { SearcherState } from '../searcher/types.js';
import type { Curve } from './curves.js';
import type { Fields } from '../config/fields.js';
import type { StopEvidence } from './registry.js';

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

/**
 * Why a trial was stopped, as recorded with the decision and shown to users (the web reads
 * these names). One variant per rule, tagged by `rule`, defined with the rule; the union is in
 * stopping/registry.ts. Values are in the metric's own units.
 */
export type { StopEvidence } from './registry.js';
export type { RungEvidence } from './rungs.js';
export type { AshaEvidence } from './asha.js';
export type { HyperbandEvidence } from './hyperband.js';
export type { MedianEvidence } from './median.js';
export type { ForecastEvidence } from './forecast.js';
export type { PbtEvidence } from '../pbt/exploit.js';

/** Evidence is also read generically (by field name, as JSON); narrow on `rule` for typed fields. */
export type EvidenceFields = { readonly [field: string]: unknown };

/** A stop carries the evidence shown to users: rule, step/rung, threshold, cohort, values. */
export type StopVerdict<E extends { rule: string } = StopEvidence> = { stop: false } | { stop: true; evidence: E };

export const CONTINUE: { stop: false } = { stop: false };

/**
 * One early-stopping rule (`early_terminate: {type: ...}`). Every rule registered in
 * stopping/registry.ts is parsed, dispatched and run through the shared tests from there.
 */
export interface StoppingRule<C extends { type: string }, E extends { rule: string }> {
  type: C['type'];
  /** One line for the docs. */
  summary: string;
  /** A minimal `early_terminate` mapping for it (docs and the shared rule tests). */
  example: Readonly<Record<string, unknown>>;
  /** Reads the rule's keys (its type already checked); problems go to `f.problems`. */
  parse(f: Fields): C | undefined;
  /** The verdict on `input.trial` right after its report at `input.step` (a pending trial). */
  decide(cfg: C, input: StopInput): StopVerdict<E>;
}

/** Where `early_terminate` problems are reported. */
export const EARLY_TERMINATE_PATH = 'early_terminate';
