import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tfjsTrainerSchema } from '@anneal/protocol';
import type { TrainerLauncher, TrainerOf } from './launcher.js';

/** Environment variable that hands the trainer spec to the tfjs trainer process. */
export const TRAINER_SPEC_ENV = 'ANNEAL_TRAINER';

/**
 * The built-in trainer runs as a child process like any command trainer: a crash, a runaway
 * allocation or a stop (SIGTERM, then SIGKILL) then affects that trial alone, and checkpoints,
 * restores and telemetry take the same path. Relative dataset and model paths mean the agent's
 * start directory, as `program` does.
 */
export function tfjsLaunch(spec: TrainerOf<'tfjs'>, programDir: string): { argv: string[]; env: Record<string, string> } {
  const local = (p: string): string => {
    if (/^[a-z]+:\/\//.test(p)) return p;
    // Configs are written by people, who write ~/...; no shell expands it on the way here.
    if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
    return resolve(programDir, p);
  };
  const resolved = {
    ...spec,
    model: local(spec.model),
    dataset: local(spec.dataset),
    ...(spec.validation !== undefined ? { validation: local(spec.validation) } : {}),
  };
  const entry = fileURLToPath(new URL('../tfjs/main.js', import.meta.url));
  return { argv: [process.execPath, entry], env: { [TRAINER_SPEC_ENV]: JSON.stringify(resolved) } };
}

/** The built-in TensorFlow.js trainer (`agent/src/tfjs/`), started as `node agent/dist/tfjs/main.js`. */
export const tfjsLauncher: TrainerLauncher<'tfjs'> = {
  type: 'tfjs',
  spec: tfjsTrainerSchema,
  launch: (trainer, ctx) => tfjsLaunch(trainer, ctx.programDir),
};
