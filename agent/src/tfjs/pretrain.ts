import { Rng } from '@anneal/core';
import { chunk, lmTensors, type Encoded } from './batches.js';
import { pretrainingCorpus } from './corpus.js';
import { holdOut, shuffle } from './dataset.js';
import { evaluateLm } from './evaluate.js';
import { lmLoss } from './losses.js';
import { initWeights, parameterCount, type TransformerConfig } from './model.js';
import { saveModel } from './model-io.js';
import { FineTuneOptimizer } from './optimizer.js';
import { learningRate } from './schedule.js';
import { tf } from './tf.js';
import { Tokenizer } from './tokenizer.js';

export interface PretrainOptions {
  /** Directory for model.json, weights.bin and tokenizer.json. */
  out: string;
  /** Documents to train on; default: the generated review corpus. */
  documents?: string[];
  /** Size of the generated corpus when `documents` is not given. */
  corpusSize: number;
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  shape: Omit<TransformerConfig, 'vocabSize'>;
  maxVocab: number;
  log(line: string): void;
}

export const DEFAULT_SHAPE: Omit<TransformerConfig, 'vocabSize'> = { maxLength: 64, dModel: 128, layers: 4, heads: 4, ffDim: 640 };

export interface PretrainResult {
  parameters: number;
  steps: number;
  validationLoss: number;
  perplexity: number;
  seconds: number;
  tokensPerSecond: number;
}

/** Trains a small decoder-only language model from scratch and saves it for fine-tuning. */
export async function pretrain(o: PretrainOptions): Promise<PretrainResult> {
  const started = performance.now();
  const documents = o.documents ?? pretrainingCorpus(o.seed, o.corpusSize);
  const tokenizer = Tokenizer.fit(documents, o.maxVocab);
  const cfg: TransformerConfig = { ...o.shape, vocabSize: tokenizer.size };
  const encoded: Encoded[] = documents.map((d) => ({ ids: tokenizer.encode(d, cfg.maxLength + 1, true) }));
  const { train, validation } = holdOut(encoded, 0.05, o.seed);
  const weights = initWeights(cfg, o.seed);
  const optimizer = new FineTuneOptimizer(
    { optimizer: 'adamw', momentum: 0.9, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, weight_decay: 0.01, grad_clip: 1, layer_decay: 1 },
    weights,
    [...weights.keys()],
    cfg.layers,
  );
  const schedule = { lr: o.lr, warmup_ratio: 0.05, lr_schedule: 'cosine' as const };
  o.log(`pretraining ${parameterCount(weights)} parameters (vocab ${cfg.vocabSize}, ${cfg.layers} blocks of width ${cfg.dModel}) on ${train.length} documents for ${o.steps} steps`);
  const rng = Rng.fromSeed(o.seed + 1);
  let batches: Encoded[][] = [];
  let tokens = 0;
  let lossSum = 0;
  const reportEvery = Math.max(1, Math.floor(o.steps / 20));
  for (let step = 0; step < o.steps; step++) {
    if (batches.length === 0) batches = chunk(shuffle(train, rng), o.batchSize).filter((b) => b.length === o.batchSize);
    const batch = batches.pop()!;
    const t = lmTensors(batch);
    const { loss } = await optimizer.minimize(() => lmLoss(weights, cfg, t.ids, t.targets, t.mask, { dropout: 0, seed: step }), learningRate(schedule, step, o.steps));
    tokens += batch.reduce((n, e) => n + e.ids.length - 1, 0);
    tf.dispose(Object.values(t));
    lossSum += loss;
    if ((step + 1) % reportEvery === 0) {
      o.log(`step ${step + 1}/${o.steps}: train loss ${(lossSum / reportEvery).toFixed(3)}, ${Math.round(tokens / ((performance.now() - started) / 1000))} tokens/s`);
      lossSum = 0;
    }
  }
  const scores = await evaluateLm(weights, cfg, validation);
  const seconds = (performance.now() - started) / 1000;
  await saveModel(o.out, {
    config: cfg,
    trainedOn: { task: 'lm', documents: train.length, steps: o.steps, validationLoss: scores.loss, seed: o.seed, corpus: o.documents ? 'file' : 'generated reviews' },
  }, weights, tokenizer);
  const parameters = parameterCount(weights);
  tf.dispose([...weights.values()]);
  return { parameters, steps: o.steps, validationLoss: scores.loss, perplexity: scores.perplexity, seconds, tokensPerSecond: tokens / seconds };
}
