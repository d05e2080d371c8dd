import type { TfjsTrainerSpec } from './tfjs-trainer.js';
import type { Distribution, Space } from '../space/types.js';

export const METHODS = ['grid', 'random', 'sobol', 'tpe', 'gp', 'bayes', 'pbt'] as const;
export type Method = (typeof METHODS)[number];

export type Goal = 'minimize' | 'maximize';

/** W&B's command when none is given. */
export const DEFAULT_COMMAND: readonly string[] = ['${env}', '${interpreter}', '${program}', '${args}'];
export const DEFAULT_MAX_CONCURRENT = 4;
export const DEFAULT_POOL = 'default';

/** One parameter exactly as written in the config (W&B vocabulary). */
export interface ParameterSpec {
  distribution?: Distribution;
  value?: unknown;
  values?: unknown[];
  probabilities?: number[];
  min?: number;
  max?: number;
  q?: number;
  mu?: number;
  sigma?: number;
  a?: number;
  b?: number;
  parameters?: Record<string, ParameterSpec>;
}

export interface MetricSpec {
  name: string;
  goal: Goal;
  /** The sweep ends once a completed trial reaches this value. */
  target?: number;
}

/**
 * Stopping rules keep W&B's snake_case keys (these are the keys users write). Defaults are
 * filled in where W&B or Anneal define one.
 */
export interface HyperbandConfig {
  type: 'hyperband';
  min_iter?: number;
  max_iter?: number;
  eta: number;
  s?: number;
  /** W&B's schema documents a default of true; left absent when not written. */
  strict?: boolean;
}

/** Anneal: stop a trial whose value at a step is worse than the cohort's percentile there. */
export interface MedianStoppingConfig {
  type: 'median';
  /** Steps a trial may run before it can be stopped. */
  min_iter: number;
  /** Completed trials that must have reported at a step before anyone is judged at it. */
  min_trials: number;
  /** 50 is the median rule; other values give the percentile rule. */
  percentile: number;
}

/** Anneal: asynchronous successive halving. */
export interface AshaConfig {
  type: 'asha';
  /** First rung (grace period), in steps. */
  min_iter: number;
  max_iter?: number;
  eta: number;
}

/**
 * Anneal: stop a trial once no plausible extrapolation of its own learning curve beats the
 * best completed trial (robust when curves cross, unlike rules that rank at a step).
 */
export interface ForecastConfig {
  type: 'forecast';
  /** First step at which a trial may be stopped. */
  min_iter: number;
  /** The step trials end at; learned from completed trials when absent. */
  max_iter?: number;
  /** Completed trials needed before anything is stopped. */
  min_trials: number;
}

export type EarlyTerminate = HyperbandConfig | MedianStoppingConfig | AshaConfig | ForecastConfig;

export interface PbtConfig {
  populationSize: number;
  /** Steps between exploit/explore rounds. */
  interval: number;
  /** Bottom fraction that copies from the top fraction. */
  quantile: number;
  /** Factors a numeric parameter is multiplied by when perturbed. */
  perturb: number[];
  resampleProbability: number;
}

export interface WarmStartConfig {
  /** The sweep whose finished trials seed this one's model. */
  sweep: string;
}

export interface ResourcesConfig {
  /** GPUs each trial gets on its agent (CUDA_VISIBLE_DEVICES); absent: 1 on GPU agents, 0 elsewhere. */
  gpus: number;
}

export interface CheckpointStoreConfig {
  /** Absolute directory on every agent; checkpoints go there instead of the NATS object store. */
  path: string;
}

export interface SweepConfig {
  method: Method;
  metric?: MetricSpec;
  /** As written, nested parameters kept. */
  parameters: Record<string, ParameterSpec>;
  /** Flattened dimensions in declaration order. */
  space: Space;
  runCap?: number;
  maxConcurrent: number;
  pool: string;
  program?: string;
  /** argv template with W&B macros; DEFAULT_COMMAND when the config has none. */
  command?: string[];
  resources?: ResourcesConfig;
  checkpointStore?: CheckpointStoreConfig;
  /** `env`: variables every trainer of the sweep gets (no secrets: configs are readable by members). */
  env?: Record<string, string>;
  /** The built-in trainer; absent: the agent runs `command`. */
  trainer?: TfjsTrainerSpec;
  earlyTerminate?: EarlyTerminate;
  pbt?: PbtConfig;
  warmStart?: WarmStartConfig;
  /** The parsed document. */
  raw: Record<string, unknown>;
}

export interface ConfigProblem {
  /** Dotted path in the document (`parameters.lr.min`, `command[2]`); "" for the whole document. */
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; config: SweepConfig; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[]; warnings?: ConfigProblem[] };
