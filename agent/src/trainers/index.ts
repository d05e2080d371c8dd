import type { TrainerSpec } from '@anneal/protocol';
import { commandLauncher } from './command.js';
import type { Launch, LaunchContext, TrainerLauncher, TrainerType } from './launcher.js';
import { tfjsLauncher } from './tfjs.js';

/**
 * The agent's trainer backends by type. The type makes it total: a type added to the
 * protocol's `TRAINER_SCHEMAS` does not compile here until its launcher is registered.
 */
export const LAUNCHERS: { readonly [T in TrainerType]: TrainerLauncher<T> } = {
  command: commandLauncher,
  tfjs: tfjsLauncher,
};

function launcherOf<T extends TrainerType>(type: T): TrainerLauncher<T> {
  return LAUNCHERS[type];
}

/** The process that runs an assignment's trainer. */
export function launchTrainer(trainer: TrainerSpec, ctx: LaunchContext): Launch {
  return launcherOf(trainer.type).launch(trainer, ctx);
}

export type { Launch, LaunchContext, TrainerLauncher, TrainerOf, TrainerType } from './launcher.js';
export { trainerArgv } from './command.js';
export { TRAINER_SPEC_ENV } from './tfjs.js';
