import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnnealEnv } from '../env.js';
import { CliError } from '../errors.js';

export interface PretrainFlags {
  out?: string;
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  corpus?: string;
  corpusSize: number;
  width: number;
  layers: number;
  heads: number;
  ff: number;
  maxLength: number;
  vocab: number;
  backend: string;
}

export function defaultModelDir(env: AnnealEnv): string {
  return join(env.ANNEAL_HOME, 'models', 'base');
}

/** `anneal pretrain`: a small base language model for the tfjs trainer to fine-tune. Returns model.json's path. */
export async function pretrainCommand(env: AnnealEnv, f: PretrainFlags, out: (s: string) => void): Promise<string> {
  if (f.width % f.heads !== 0) throw new CliError('BAD_FLAG', `--width ${f.width} must be divisible by --heads ${f.heads}`);
  const tfjs = await import('@anneal/agent/tfjs');
  const backends = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
  const backend = backends.find((b) => b === f.backend);
  if (backend === undefined) throw new CliError('BAD_FLAG', `--backend must be one of ${backends.join(', ')} (got ${f.backend})`);
  let documents: string[] | undefined;
  if (f.corpus !== undefined) {
    try {
      documents = (await readFile(f.corpus, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    } catch (e) {
      throw new CliError('FILE_UNREADABLE', `cannot read --corpus ${f.corpus}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (documents.length < 10) throw new CliError('BAD_FLAG', `--corpus ${f.corpus} has ${documents.length} non-empty lines; give at least 10 documents, one per line`);
  }
  const outDir = f.out ?? defaultModelDir(env);
  try {
    const chosen = await tfjs.selectBackend(backend, true);
    out(`backend: ${chosen.name}${chosen.skipped.length ? ` (${chosen.skipped.join('; ')})` : ''}`);
    const r = await tfjs.pretrain({
      out: outDir,
      ...(documents ? { documents } : {}),
      corpusSize: f.corpusSize,
      steps: f.steps,
      batchSize: f.batchSize,
      lr: f.lr,
      seed: f.seed,
      shape: { maxLength: f.maxLength, dModel: f.width, layers: f.layers, heads: f.heads, ffDim: f.ff },
      maxVocab: f.vocab,
      log: out,
    });
    out(`saved ${join(outDir, 'model.json')}: ${r.parameters} parameters, validation loss ${r.validationLoss.toFixed(3)} (perplexity ${r.perplexity.toFixed(2)}), ` +
      `${r.seconds.toFixed(0)} s, ${Math.round(r.tokensPerSecond)} tokens/s`);
  } catch (e) {
    if (e instanceof tfjs.TrainerError) throw new CliError('TRAINER_FAILED', e.message);
    throw e;
  }
  return join(outDir, 'model.json');
}
