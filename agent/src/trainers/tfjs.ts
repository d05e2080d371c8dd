import { homedir } from 'node:os';
import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHttpSource, tfjsSourceProblem, tfjsTrainerSchema } from '@anneal/protocol';
import { checkDataPath, type DataRoots } from '../data-roots.js';
import { AgentError } from '../errors.js';
import type { TrainerLauncher, TrainerOf } from './launcher.js';

/** Environment variable that hands the trainer spec to the tfjs trainer process. */
export const TRAINER_SPEC_ENV = 'ANNEAL_TRAINER';
/** The agent's `--data-root`s as a JSON array: the trainer checks the files model.json names against them too. */
export const DATA_ROOTS_ENV = 'ANNEAL_DATA_ROOTS';

/**
 * Where the trainer reads one source from: an http(s) URL as given (the trainer fetches it and
 * checks the addresses its host resolves to), or an absolute path, which with `--data-root`s is
 * the real path once it is known to lie under one. Relative paths mean the agent's start
 * directory, as `program` does.
 */
function sourceOf(key: string, value: string, programDir: string, roots: DataRoots): string {
  const problem = tfjsSourceProblem(value);
  if (problem !== null) throw new AgentError('REFUSED_SOURCE', `tfjs ${key}: ${problem}`);
  if (isHttpSource(value)) return value;
  // Configs are written by people, who write ~/...; no shell expands it on the way here.
  const home = value === '~' || value.startsWith('~/');
  // Joined without resolve()'s lexical `..` for the check: the kernel follows a symlink before its `..`.
  const raw = isAbsolute(value) ? value : `${home ? homedir() : programDir}${sep}${home ? value.slice(2) : value}`;
  if (roots.length === 0) return resolve(raw);
  const r = checkDataPath(`tfjs ${key}`, raw, roots);
  if ('problem' in r) throw new AgentError('OUTSIDE_DATA_ROOT', r.problem);
  return r.path;
}

/**
 * The built-in trainer runs as a child process like any command trainer: a crash, a runaway
 * allocation or a stop (SIGTERM, then SIGKILL) then affects that trial alone, and checkpoints,
 * restores and telemetry take the same path.
 */
export function tfjsLaunch(spec: TrainerOf<'tfjs'>, programDir: string, roots: DataRoots = []): { argv: string[]; env: Record<string, string> } {
  const resolved = {
    ...spec,
    model: sourceOf('model', spec.model, programDir, roots),
    dataset: sourceOf('dataset', spec.dataset, programDir, roots),
    ...(spec.validation !== undefined ? { validation: sourceOf('validation', spec.validation, programDir, roots) } : {}),
  };
  const entry = fileURLToPath(new URL('../tfjs/main.js', import.meta.url));
  const env: Record<string, string> = { [TRAINER_SPEC_ENV]: JSON.stringify(resolved) };
  if (roots.length > 0) env[DATA_ROOTS_ENV] = JSON.stringify(roots);
  return { argv: [process.execPath, entry], env };
}

/** The built-in TensorFlow.js trainer (`agent/src/tfjs/`), started as `node agent/dist/tfjs/main.js`. */
export const tfjsLauncher: TrainerLauncher<'tfjs'> = {
  type: 'tfjs',
  spec: tfjsTrainerSchema,
  launch: (trainer, ctx) => tfjsLaunch(trainer, ctx.programDir, ctx.dataRoots ?? []),
};
