import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classificationSet, DEFAULT_SHAPE, pretrain, selectBackend } from '@anneal/agent/tfjs';
import { percentile, round } from './stats.js';

const TRAINER = fileURLToPath(new URL('../../../agent/dist/tfjs/main.js', import.meta.url));
const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
const BATCH = 32;

function run(env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TRAINER], { env: { ...process.env, ...env }, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      resolve({ code: error ? 1 : 0, out, err });
    });
  });
}

/**
 * Fine-tuning throughput of the built-in trainer, examples per second, per TensorFlow.js
 * backend, on the default ~1M-parameter model (random weights: speed does not depend on them)
 * and batches of 32 generated reviews. Each backend runs the real trainer process; the first
 * reporting window (start-up, WASM compilation) is left out of the median.
 */
export async function trainerThroughput(stepsPerBackend: number) {
  const dir = await mkdtemp(join(tmpdir(), 'anneal-bench-trainer-'));
  try {
    await selectBackend('wasm', false);
    await pretrain({ out: join(dir, 'base'), corpusSize: 2000, steps: 1, batchSize: 2, lr: 1e-6, seed: 1, shape: DEFAULT_SHAPE, maxVocab: 2000, log: () => undefined });
    await writeFile(join(dir, 'train.jsonl'), classificationSet(3, BATCH * stepsPerBackend + 64).map((r) => JSON.stringify(r)).join('\n'));
    const results: Record<string, unknown> = {};
    for (const backend of BACKENDS) {
      // The JavaScript backend is ~30x slower: a few steps say enough.
      const steps = backend === 'cpu' ? Math.min(stepsPerBackend, 10) : stepsPerBackend;
      const spec = {
        type: 'tfjs', task: 'classification', model: join(dir, 'base', 'model.json'), dataset: join(dir, 'train.jsonl'),
        validation: join(dir, 'train.jsonl'), validationSplit: 0.1, maxLength: 48, evalEvery: steps, checkpointEvery: 0,
        maxExamples: BATCH * steps, backend, hyperparameters: { epochs: 1, batch_size: BATCH },
      };
      const r = await run({ ANNEAL_TRAINER: JSON.stringify(spec), ANNEAL_PARAMS: '{}', ANNEAL_CHECKPOINT_DIR: join(dir, `ck-${backend}`) });
      if (r.code !== 0) {
        results[backend] = { available: false, why: (r.err.split('\n').find((l) => l.includes('failed')) ?? r.err).slice(0, 300) };
        continue;
      }
      const rates = r.out.split('\n').filter((l) => l.startsWith('@anneal {')).map((l) => JSON.parse(l.slice(8)) as Record<string, number>)
        .filter((m) => m['train/examples_per_s'] !== undefined).map((m) => m['train/examples_per_s']!);
      results[backend] = { available: true, windows: rates.length - 1, examplesPerSecondP50: round(percentile(rates.slice(1), 50), 1) };
    }
    return { model: { ...DEFAULT_SHAPE, parameters: '~0.95M' }, batch: BATCH, results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
