/** Trial parameters keyed by flat (dotted) dimension name; re-nest with `nestParams`. */
export type Params = Record<string, unknown>;

/** Every W&B distribution name Anneal understands, plus the two it infers. */
export const DISTRIBUTIONS = [
  'constant',
  'categorical',
  'categorical_w_probabilities',
  'uniform',
  'int_uniform',
  'q_uniform',
  'log_uniform_values',
  'inv_log_uniform_values',
  'q_log_uniform_values',
  'log_uniform',
  'inv_log_uniform',
  'q_log_uniform',
  'normal',
  'q_normal',
  'log_normal',
  'q_log_normal',
  'beta',
  'q_beta',
] as const;

export type Distribution = (typeof DISTRIBUTIONS)[number];

export type DimensionKind = 'categorical' | 'constant' | 'float' | 'int';

/**
 * One flattened parameter. Bounds are always in value units (the deprecated exponent forms
 * are converted at parse time), so samplers never need to know which spelling was used.
 */
export interface Dimension {
  /** Flat dotted name: nested `optimizer: {parameters: {lr}}` becomes `optimizer.lr`. */
  name: string;
  /** Segments for re-nesting; a literal dotted name like `a.b` stays one segment. */
  path: string[];
  kind: DimensionKind;
  distribution: Distribution;
  scale: 'linear' | 'log';
  /** Inclusive bounds; absent for the unbounded normal families. */
  low?: number;
  high?: number;
  /** Quantization step: values are multiples of q. */
  q?: number;
  /** normal families: of the value (normal) or of ln(value) (log_normal). */
  mu?: number;
  sigma?: number;
  /** beta families. */
  a?: number;
  b?: number;
  /** categorical choices, or the single value of a constant. */
  values?: unknown[];
  probabilities?: number[];
  /**
   * Conditional parameters (`when:`): the parameter exists only while the categorical `parent`
   * (a flat name) is active and takes one of `values`. Absent for unconditional parameters.
   */
  condition?: Condition;
}

export interface Condition {
  parent: string;
  values: unknown[];
}

export type Space = Dimension[];
