// The tfjs trainer process: the agent starts it for trials of sweeps with `trainer: {type: tfjs}`.
import { resolve } from 'node:path';
import { resolveTfjsHyperparameters, trainerSchema } from '@anneal/protocol';
import { DATA_ROOTS_ENV, TRAINER_SPEC_ENV } from '../trainers/tfjs.js';
import { checkMixedPrecision, selectBackend } from './backend.js';
import { TrainerError } from './errors.js';
import { fineTune, type TfjsSpec } from './fine-tune.js';
import { stdoutReporter } from './reporter.js';

function readSpec(env: NodeJS.ProcessEnv): TfjsSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(env[TRAINER_SPEC_ENV] ?? '');
  } catch {
    throw new TrainerError('BAD_SPEC', `${TRAINER_SPEC_ENV} must hold the trainer spec as JSON; this program is started by \`anneal agent\``);
  }
  const parsed = trainerSchema.safeParse(raw);
  if (!parsed.success || parsed.data.type !== 'tfjs') {
    throw new TrainerError('BAD_SPEC', `${TRAINER_SPEC_ENV} is not a tfjs trainer spec: ${parsed.success ? 'type is not tfjs' : parsed.error.message}`);
  }
  return parsed.data;
}

/** The agent's `--data-root`s, which the files model.json names must lie in too; none: anywhere. */
function readDataRoots(env: NodeJS.ProcessEnv): string[] {
  const raw = env[DATA_ROOTS_ENV];
  if (raw === undefined || raw === '') return [];
  let roots: unknown;
  try {
    roots = JSON.parse(raw);
  } catch {
    // reported below
  }
  if (!Array.isArray(roots) || !roots.every((r) => typeof r === 'string')) throw new TrainerError('BAD_SPEC', `${DATA_ROOTS_ENV} must be a JSON array of folders`);
  return roots as string[];
}

function readParams(env: NodeJS.ProcessEnv): Record<string, unknown> {
  try {
    const p = JSON.parse(env['ANNEAL_PARAMS'] ?? '{}') as unknown;
    if (typeof p === 'object' && p !== null && !Array.isArray(p)) return p as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new TrainerError('BAD_PARAMS', 'ANNEAL_PARAMS must be a JSON object of hyperparameters');
}

async function main(): Promise<void> {
  const env = process.env;
  const reporter = stdoutReporter();
  const spec = readSpec(env);
  const hyper = resolveTfjsHyperparameters(spec.hyperparameters as Record<string, unknown>, readParams(env));
  if ('problems' in hyper) throw new TrainerError('BAD_PARAMS', `bad hyperparameters: ${hyper.problems.join('; ')}`);
  // The agent hides every GPU (an empty list) from trials that asked for none.
  const backend = await selectBackend(spec.backend, env['CUDA_VISIBLE_DEVICES'] !== '');
  for (const s of backend.skipped) reporter.log(`tfjs backend ${s}`);
  reporter.log(`tfjs backend: ${backend.name}`);
  reporter.info({ tfjs_backend: backend.name });
  checkMixedPrecision(hyper.mixed_precision, backend.name);

  const stop = new AbortController();
  // A stop decision or a draining agent: finish the step, checkpoint, exit 0.
  process.once('SIGTERM', () => stop.abort());
  process.once('SIGINT', () => stop.abort());
  const restoreDir = env['ANNEAL_RESTORE_DIR'];
  const result = await fineTune({
    spec,
    hyper,
    checkpointDir: env['ANNEAL_CHECKPOINT_DIR'] ?? 'checkpoints',
    restoreDir: restoreDir !== undefined && restoreDir !== '' ? restoreDir : null,
    reporter,
    stop: stop.signal,
    // The trainer runs in its trial folder: downloads go there and leave with it.
    sources: { downloadDir: resolve('downloads'), dataRoots: readDataRoots(env) },
  });
  reporter.log(`${result.stopped ? 'stopped' : 'finished'} after ${result.steps} steps (${result.parameters} parameters)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message = e instanceof TrainerError ? `${e.code}: ${e.message}` : (e as Error).stack ?? String(e);
    process.stderr.write(`tfjs trainer failed: ${message}\n`);
    process.exit(e instanceof TrainerError && (e.code === 'BAD_SPEC' || e.code === 'BAD_PARAMS') ? 2 : 1);
  },
);
