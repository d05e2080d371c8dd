import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandCommand, TELEMETRY_LIMITS, type SweepConfig } from '@anneal/core';
import { commandTrainerSchema } from '@anneal/protocol';
import { AgentError } from '../errors.js';
import type { TrainerLauncher, TrainerOf } from './launcher.js';

/**
 * The trainer's argv for one trial. Expansion is @anneal/core's, so the agent runs exactly the
 * command the server validated and previews; core expands from a sweep config, and the
 * assignment carries the only parts of one that expansion reads (command and program).
 */
export function trainerArgv(trainer: TrainerOf<'command'>, params: Record<string, unknown>, interpreter?: string): string[] {
  const config: SweepConfig = {
    method: 'random',
    parameters: {},
    // Empty: params then keep the order the scheduler sent them in.
    space: [],
    maxConcurrent: 1,
    pool: 'default',
    command: [...trainer.command],
    raw: {},
    limits: TELEMETRY_LIMITS.defaults,
    ...(trainer.program !== undefined ? { program: trainer.program } : {}),
  };
  const argv = expandCommand(config, params, interpreter === undefined ? {} : { interpreter });
  if (argv.length === 0 || argv[0] === '') {
    throw new AgentError('BAD_COMMAND', `the command ${JSON.stringify(trainer.command)} expands to no executable`);
  }
  return argv;
}

/** A program of the user's, from the sweep's `command:` and `program:`. */
export const commandLauncher: TrainerLauncher<'command'> = {
  type: 'command',
  spec: commandTrainerSchema,
  launch(trainer, ctx) {
    // The trainer runs in its trial directory, where a relative `train.py` would not be found;
    // it means the file next to where the agent was started, as with `wandb agent`.
    const program = trainer.program === undefined ? undefined : resolve(ctx.programDir, trainer.program);
    // Otherwise the interpreter fails with a message only in the log, or a bare exit code.
    if (program !== undefined && trainer.command.some((part) => part.includes('${program}')) && !existsSync(program)) {
      const relative = program !== trainer.program
        ? `; a relative program: resolves against the directory the agent was started in (${ctx.programDir}): start the agent next to it, or give an absolute path`
        : '';
      throw new AgentError('PROGRAM_NOT_FOUND', `program ${JSON.stringify(trainer.program)} not found: tried ${program}${relative}`);
    }
    return { argv: trainerArgv({ ...trainer, program }, ctx.params, ctx.interpreter), env: {} };
  },
};
