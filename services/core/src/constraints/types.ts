import type { Expr } from './expression.js';

/** `constraints:` entry written as text: a condition every proposed trial's params meet. */
export interface ParameterConstraint {
  /** As written, for messages and users. */
  text: string;
  expr: Expr;
  /** The flat parameter names it reads. */
  names: string[];
}

/**
 * `constraints:` entry written as `{name, min, max}`: bounds on a metric the trainer reports.
 * A finished trial whose final value of it is outside the bounds is infeasible.
 */
export interface MetricConstraint {
  name: string;
  min?: number;
  max?: number;
}

export interface SweepConstraints {
  parameters: ParameterConstraint[];
  metrics: MetricConstraint[];
}
