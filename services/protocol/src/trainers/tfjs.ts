import { describeValue as describe, didYouMean, Fields, isPlainObject, joinPath, type Problems, type TrainerSpec } from '@anneal/core';
import { z } from 'zod';
import { tfjsSourceProblem } from './tfjs-sources.js';

/**
 * The built-in trainer's vocabulary: the keys of `trainer: {type: tfjs}`, its hyperparameters and
 * their ranges, and what an assignment carries for it. The sweep-config parser is given
 * `tfjsTrainer` (through `SWEEP_TRAINERS`), so a sweep is checked against it when it is created
 * (a typo in a parameter name fails there, not hours later on an agent), and the agent's trainer
 * process reads the same definitions when it trains. Pure: no I/O, like the core.
 */
export const TFJS_TASKS = ['classification', 'lm'] as const;
export type TfjsTask = (typeof TFJS_TASKS)[number];
export const TFJS_BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type TfjsBackendChoice = (typeof TFJS_BACKENDS)[number];
export const TFJS_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw'] as const;
export const TFJS_SCHEDULES = ['constant', 'linear', 'cosine'] as const;

export interface TfjsHyperparameters {
  lr: number;
  batch_size: number;
  epochs: number;
  dropout: number;
  /** Decoupled for adamw; an L2 penalty added to the gradient for the others. */
  weight_decay: number;
  optimizer: (typeof TFJS_OPTIMIZERS)[number];
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Linear warm-up, as a fraction of all optimizer steps. */
  warmup_ratio: number;
  lr_schedule: (typeof TFJS_SCHEDULES)[number];
  /** Layer-wise decay: block i of L trains at lr * layer_decay^(L - i), embeddings at layer_decay^(L + 1). */
  layer_decay: number;
  /** The embeddings and the first N transformer blocks are not trained. */
  frozen_layers: number;
  /** Global-norm clipping; 0 turns it off. */
  grad_clip: number;
  seed: number;
  mixed_precision: boolean;
}

export const TFJS_DEFAULTS: TfjsHyperparameters = {
  lr: 1e-3,
  batch_size: 32,
  epochs: 3,
  dropout: 0.1,
  weight_decay: 0.01,
  optimizer: 'adamw',
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  warmup_ratio: 0.06,
  lr_schedule: 'linear',
  layer_decay: 1,
  frozen_layers: 0,
  grad_clip: 1,
  seed: 0,
  mixed_precision: false,
};

type Rule =
  | { kind: 'number'; integer?: boolean; min: number; max: number; exclusiveMin?: boolean }
  | { kind: 'choice'; values: readonly string[] }
  | { kind: 'boolean' };

export const TFJS_PARAMETER_RULES: Record<keyof TfjsHyperparameters, Rule> = {
  lr: { kind: 'number', min: 0, max: 10, exclusiveMin: true },
  batch_size: { kind: 'number', integer: true, min: 1, max: 4096 },
  epochs: { kind: 'number', integer: true, min: 1, max: 1000 },
  dropout: { kind: 'number', min: 0, max: 0.9 },
  weight_decay: { kind: 'number', min: 0, max: 10 },
  optimizer: { kind: 'choice', values: TFJS_OPTIMIZERS },
  momentum: { kind: 'number', min: 0, max: 0.999 },
  beta1: { kind: 'number', min: 0, max: 0.9999 },
  beta2: { kind: 'number', min: 0, max: 0.99999 },
  epsilon: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  warmup_ratio: { kind: 'number', min: 0, max: 1 },
  lr_schedule: { kind: 'choice', values: TFJS_SCHEDULES },
  layer_decay: { kind: 'number', min: 0, max: 1, exclusiveMin: true },
  frozen_layers: { kind: 'number', integer: true, min: 0, max: 1000 },
  grad_clip: { kind: 'number', min: 0, max: 1e6 },
  seed: { kind: 'number', integer: true, min: 0, max: 2 ** 31 - 1 },
  mixed_precision: { kind: 'boolean' },
};
export const TFJS_PARAMETERS = Object.keys(TFJS_PARAMETER_RULES) as (keyof TfjsHyperparameters)[];

export interface TfjsTrainerSpec {
  type: 'tfjs';
  task: TfjsTask;
  /**
   * model.json of a base model: a path on the agent's machine or an http(s) URL (never file://,
   * link-local or cloud metadata addresses; see tfjs-sources.ts).
   */
  model: string;
  /** JSONL ({"text", "label"}) for classification; plain text or JSONL ({"text"}) for lm. */
  dataset: string;
  /** Held-out file; without it `validation_split` of the dataset is held out. */
  validation?: string;
  validationSplit: number;
  /** Tokens per example; longer texts are cut. */
  maxLength: number;
  /** Optimizer steps between evaluations; 0: once per epoch. */
  evalEvery: number;
  /** Optimizer steps between checkpoints; 0: at every evaluation. */
  checkpointEvery: number;
  /** Training examples used at most (0: all); keeps demo sweeps short. */
  maxExamples: number;
  backend: TfjsBackendChoice;
  /** Values for hyperparameters the sweep does not search. */
  hyperparameters: Partial<TfjsHyperparameters>;
}

const SPEC_KEYS = ['type', 'task', 'model', 'dataset', 'validation', 'validation_split', 'max_length', 'eval_every', 'checkpoint_every', 'max_examples', 'backend', 'hyperparameters'];

/** Checks one hyperparameter value; null when it is fine, else what is wrong. */
export function tfjsParameterProblem(name: string, value: unknown): string | null {
  const rule = (TFJS_PARAMETER_RULES as Record<string, Rule | undefined>)[name];
  if (rule === undefined) return `is not a hyperparameter of the tfjs trainer; known: ${TFJS_PARAMETERS.join(', ')}${didYouMean(name, TFJS_PARAMETERS)}`;
  if (rule.kind === 'boolean') return typeof value === 'boolean' ? null : `must be true or false (got ${describe(value)})`;
  if (rule.kind === 'choice') {
    return typeof value === 'string' && rule.values.includes(value) ? null : `must be one of ${rule.values.join(', ')} (got ${describe(value)})`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number (got ${describe(value)})`;
  if (rule.integer && !Number.isInteger(value)) return `must be an integer (got ${value})`;
  const lowOk = rule.exclusiveMin ? value > rule.min : value >= rule.min;
  if (!lowOk || value > rule.max) return `must be in ${rule.exclusiveMin ? '(' : '['}${rule.min}, ${rule.max}] (got ${value})`;
  return null;
}

/** Reads `trainer: {type: tfjs, ...}`; the parser checks the search space with `tfjsTrainer`. */
export function parseTfjsTrainer(value: Record<string, unknown>, problems: Problems): TfjsTrainerSpec | undefined {
  const f = new Fields(value, 'trainer', problems);
  f.onlyKeys(SPEC_KEYS, 'tfjs trainer');
  const errorsBefore = problems.count;
  const task = f.string('task') ?? 'classification';
  if (!(TFJS_TASKS as readonly string[]).includes(task)) problems.error(f.at('task'), `must be one of ${TFJS_TASKS.join(', ')} (got ${describe(task)})`);
  const backend = f.string('backend') ?? 'auto';
  if (!(TFJS_BACKENDS as readonly string[]).includes(backend)) problems.error(f.at('backend'), `must be one of ${TFJS_BACKENDS.join(', ')} (got ${describe(backend)})`);
  const model = f.string('model');
  if (model === undefined && !f.has('model')) problems.error(f.at('model'), 'is required: the model.json of a base model (`anneal pretrain` makes one)');
  const dataset = f.string('dataset');
  if (dataset === undefined && !f.has('dataset')) problems.error(f.at('dataset'), `is required: a JSONL file of {"text": ..., "label": ...} lines`);
  const validation = f.string('validation');
  for (const [key, v] of [['model', model], ['dataset', dataset], ['validation', validation]] as const) {
    const problem = v === undefined ? null : tfjsSourceProblem(v);
    if (problem !== null) problems.error(f.at(key), problem);
  }
  const validationSplit = f.number('validation_split', { fallback: 0.1, exclusiveMin: 0, exclusiveMax: 1, why: 'the share of the dataset held out' })!;
  const maxLength = f.number('max_length', { fallback: 64, integer: true, min: 2, max: 4096, why: 'tokens per example' })!;
  const evalEvery = f.number('eval_every', { fallback: 0, integer: true, min: 0, why: 'optimizer steps between evaluations; 0: every epoch' })!;
  const checkpointEvery = f.number('checkpoint_every', { fallback: 0, integer: true, min: 0, why: 'optimizer steps between checkpoints; 0: at each evaluation' })!;
  const maxExamples = f.number('max_examples', { fallback: 0, integer: true, min: 0, why: 'training examples used at most; 0: all' })!;

  const hyperparameters: Partial<TfjsHyperparameters> = {};
  const hp = value['hyperparameters'];
  if (hp !== undefined && !isPlainObject(hp)) problems.error(f.at('hyperparameters'), `must be a mapping of fixed values such as {lr: 0.001} (got ${describe(hp)})`);
  if (isPlainObject(hp)) {
    for (const [name, v] of Object.entries(hp)) {
      const problem = tfjsParameterProblem(name, v);
      if (problem !== null) problems.error(joinPath(f.at('hyperparameters'), name), problem);
      else (hyperparameters as Record<string, unknown>)[name] = v;
    }
  }
  if (problems.count > errorsBefore || model === undefined || dataset === undefined) return undefined;
  return {
    type: 'tfjs',
    task: task as TfjsTask,
    model,
    dataset,
    ...(validation !== undefined ? { validation } : {}),
    validationSplit,
    maxLength,
    evalEvery,
    checkpointEvery,
    maxExamples,
    backend: backend as TfjsBackendChoice,
    hyperparameters,
  };
}

/** The tfjs trainer as the sweep-config parser takes it. */
export const tfjsTrainer: TrainerSpec<TfjsTrainerSpec> = {
  type: 'tfjs',
  description: 'the built-in trainer',
  hyperparameters: TFJS_PARAMETERS,
  parameterProblem: tfjsParameterProblem,
  parse: parseTfjsTrainer,
};

/** What an assignment carries for a tfjs trial; hyperparameters are checked again by the trainer process. */
export const tfjsTrainerSchema = z.object({
  type: z.literal('tfjs'),
  task: z.enum(TFJS_TASKS),
  model: z.string().min(1),
  dataset: z.string().min(1),
  validation: z.string().min(1).optional(),
  validationSplit: z.number().gt(0).lt(1),
  maxLength: z.number().int().min(2).max(4096),
  evalEvery: z.number().int().nonnegative(),
  checkpointEvery: z.number().int().nonnegative(),
  maxExamples: z.number().int().nonnegative(),
  backend: z.enum(TFJS_BACKENDS),
  hyperparameters: z.record(z.string(), z.unknown()),
});

/**
 * The hyperparameters one trial trains with: the sweep's sampled values over the trainer's fixed
 * ones over the defaults. Throws a readable message for a value outside its rule (a trial's
 * params come through NATS, so the agent checks them again).
 */
export function resolveTfjsHyperparameters(fixed: Partial<TfjsHyperparameters>, params: Record<string, unknown>): TfjsHyperparameters | { problems: string[] } {
  const merged: Record<string, unknown> = { ...TFJS_DEFAULTS, ...fixed, ...params };
  const problems: string[] = [];
  for (const [name, v] of Object.entries(merged)) {
    const problem = tfjsParameterProblem(name, v);
    if (problem !== null) problems.push(`${name} ${problem}`);
  }
  return problems.length > 0 ? { problems } : (merged as unknown as TfjsHyperparameters);
}
