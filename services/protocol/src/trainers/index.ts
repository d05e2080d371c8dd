import type { TrainerRegistry } from '@anneal/core';
import { commandTrainerSchema } from './command.js';
import { tfjsTrainer, tfjsTrainerSchema } from './tfjs.js';

/**
 * The trainer backends, registered once. A new backend is a module next to these (its
 * assignment schema, and a `TrainerSpec` when sweeps name it in `trainer:`) added here, plus its
 * launcher in the agent (agent/src/trainers/); see docs/ARCHITECTURE.md, "How to add a trainer
 * backend". This folder is pure (no I/O), so the API, the scheduler and the CLI use it freely.
 */

/** What an assignment's `trainer` can be, one schema per type (the protocol's `trainerSchema`). */
export const TRAINER_SCHEMAS = [commandTrainerSchema, tfjsTrainerSchema] as const;

/** The types `trainer:` in a sweep config may name: pass as `parseSweepConfig(text, { trainers: SWEEP_TRAINERS })`. */
export const SWEEP_TRAINERS: TrainerRegistry = { tfjs: tfjsTrainer };

export { commandTrainerSchema } from './command.js';
export {
  parseTfjsTrainer, resolveTfjsHyperparameters, tfjsParameterProblem, tfjsTrainer, tfjsTrainerSchema,
  TFJS_BACKENDS, TFJS_DEFAULTS, TFJS_OPTIMIZERS, TFJS_PARAMETER_RULES, TFJS_PARAMETERS, TFJS_SCHEDULES, TFJS_TASKS,
} from './tfjs.js';
export { isHttpSource, refusedAddressReason, refusedHostReason, refusedUrlProblem, tfjsSourceProblem, REFUSED_HOSTNAMES } from './tfjs-sources.js';
export type { TfjsBackendChoice, TfjsHyperparameters, TfjsTask, TfjsTrainerSpec } from './tfjs.js';
