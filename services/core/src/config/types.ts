import type { TrainerConfig } from './trainer.js';
import type { TelemetryLimits } from './telemetry-limits.js';
import type { BudgetConfig } from './budget.js';
import type { Distribution, Space } from '../space/types.js';
import type { SweepConstraints } from '../constraints/types.js';

// The methods are the sampler registry's keys (samplers/registry.ts).
export { METHODS } from '../samplers/registry.js';
export type { Method } from '../samplers/registry.js';
import type { Method } from '../samplers/registry.js';

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
 * filled in where W&B or Anneal define one. Each rule's config lives with the rule
 * (stopping/<rule>.ts); the union is in stopping/registry.ts.
 */
export type { AshaConfig } from '../stopping/asha.js';
export type { ForecastConfig } from '../stopping/forecast.js';
export type { HyperbandConfig } from '../stopping/hyperband.js';
export type { MedianStoppingConfig } from '../stopping/median.js';
export type { EarlyTerminate } from '../stopping/registry.js';
import type { EarlyTerminate } from '../stopping/registry.js';

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
  /**
   * A multi-objective sweep's objectives (`metrics:` with 2 to 4 entries), in the config's
   * order; `metric` is then absent. Trials carry one value per objective (TrialRecord.values).
   */
  objectives?: MetricSpec[];
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
  /** `trainer:` as its spec parsed it (e.g. the built-in tfjs trainer); absent: the agent runs `command`. */
  trainer?: TrainerConfig;
  earlyTerminate?: EarlyTerminate;
  pbt?: PbtConfig;
  warmStart?: WarmStartConfig;
  /** `constraints:` on parameters and on reported metrics (config/constraints.ts). */
  constraints?: SweepConstraints;
  /** `limits:` with defaults filled in for every missing field. */
  limits: TelemetryLimits;
  /** `budget:`: GPU-hours, hours and trials the sweep may spend; absent: no budget. */
  budget?: BudgetConfig;
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
