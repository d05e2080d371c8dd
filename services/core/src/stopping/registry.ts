import type { PbtEvidence } from '../pbt/exploit.js';
import { ashaRule, type AshaConfig, type AshaEvidence } from './asha.js';
import { forecastRule, type ForecastConfig, type ForecastEvidence } from './forecast.js';
import { hyperbandRule, type HyperbandConfig, type HyperbandEvidence } from './hyperband.js';
import { medianRule, type MedianEvidence, type MedianStoppingConfig } from './median.js';
import type { EvidenceFields, StoppingRule } from './types.js';

/**
 * Every early-stopping rule, in the order config messages list them. Adding a rule = its file
 * (config type, evidence type, parse, decide) + its entries here: the parser, decideStop and
 * the shared rule tests (stopping/conformance.test.ts) read this.
 */
export type EarlyTerminate = HyperbandConfig | MedianStoppingConfig | AshaConfig | ForecastConfig;

/** Why a trial was stopped: one variant per rule (and PBT's exploit), tagged by `rule`. */
export type StopEvidence = (MedianEvidence | AshaEvidence | HyperbandEvidence | ForecastEvidence | PbtEvidence) & EvidenceFields;

export type StoppingType = EarlyTerminate['type'];

export const STOPPING_RULES: { readonly [T in StoppingType]: StoppingRule<Extract<EarlyTerminate, { type: T }>, Extract<StopEvidence, { rule: T }>> } = {
  hyperband: hyperbandRule,
  median: medianRule,
  asha: ashaRule,
  forecast: forecastRule,
};

export const STOPPING_TYPES = Object.keys(STOPPING_RULES) as StoppingType[];

/** The rule of `type`, its config type erased (the dispatch's view). */
export function stoppingRuleOf(type: StoppingType): StoppingRule<EarlyTerminate, StopEvidence> {
  return STOPPING_RULES[type] as unknown as StoppingRule<EarlyTerminate, StopEvidence>;
}
