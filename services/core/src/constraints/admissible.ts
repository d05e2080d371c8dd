import type { SweepConfig } from '../config/types.js';
import type { Params } from '../space/types.js';
import { evaluateTruth } from './evaluate.js';
import type { ParameterConstraint } from './types.js';

/**
 * Whether params meet one constraint. A constraint reading a parameter the trial does not
 * have (an inactive conditional parameter) holds: it constrains only trials that have it.
 * Parse time guarantees the parameters it reads are numeric.
 */
export function satisfies(constraint: ParameterConstraint, params: Params): boolean {
  for (const name of constraint.names) if (typeof params[name] !== 'number') return true;
  return evaluateTruth(constraint.expr, (name) => params[name] as number);
}

export type Admissible = (params: Params) => boolean;

/** The parameter constraints as one predicate; undefined when the sweep has none. */
export function admissibleOf(config: Pick<SweepConfig, 'constraints'>): Admissible | undefined {
  const list = config.constraints?.parameters ?? [];
  if (list.length === 0) return undefined;
  return (params) => list.every((c) => satisfies(c, params));
}

/** The constraints params break (for messages and tests). */
export function violated(config: Pick<SweepConfig, 'constraints'>, params: Params): ParameterConstraint[] {
  return (config.constraints?.parameters ?? []).filter((c) => !satisfies(c, params));
}
