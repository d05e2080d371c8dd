import { join, resolve } from 'node:path';
import { Rng } from '@anneal/core';
import { isHttpSource, type TfjsHyperparameters, type TrainerSpec } from '@anneal/protocol';
import { chunk, classificationTensors, lmTensors, type Encoded } from './batches.js';
import { holdOut, labelIndex, parseClassification, parseDocuments, readText, shuffle } from './dataset.js';
import { TrainerError } from './errors.js';
import { evaluateClassifier, evaluateLm } from './evaluate.js';
import { classifierLoss, lmLoss } from './losses.js';
import { addClassificationHead, depthOf, HEAD_KERNEL, parameterCount, type TransformerConfig, type Weights } from './model.js';
import { loadModel, saveModel, type LoadedModel } from './model-io.js';
import { FineTuneOptimizer } from './optimizer.js';
import type { Reporter } from './reporter.js';
import { learningRate } from './schedule.js';
import type { SourceOptions } from './sources.js';
import { tf } from './tf.js';
import type { Tokenizer } from './tokenizer.js';

export type TfjsSpec = Extract<TrainerSpec, { type: 'tfjs' }>;

export interface FineTuneRun {
  spec: TfjsSpec;
  hyper: TfjsHyperparameters;
  checkpointDir: string;
  /** A checkpoint to continue from: this trial's own after a failure, or another's (PBT). */
  restoreDir: string | null;
  reporter: Reporter;
  /** Aborted on SIGTERM: the trainer checkpoints where it is and returns. */
  stop: AbortSignal;
  /** Where the model and dataset are downloaded to, and the local folders they may be read from. */
  sources?: SourceOptions;
}

export interface FineTuneResult {
  steps: number;
  stopped: boolean;
  parameters: number;
}

/** The held-out split depends on the dataset only, so every trial of a sweep is scored on the same examples. */
const SPLIT_SEED = 20_261_126;
const TRAIN_REPORTS_PER_EVAL = 5;

interface Data {
  train: Encoded[];
  validation: Encoded[];
  labels: string[];
}

async function loadData(spec: TfjsSpec, tokenizer: Tokenizer, maxLength: number, o: SourceOptions): Promise<Data> {
  if (spec.task === 'classification') {
    const rows = parseClassification(await readText(spec.dataset, o), spec.dataset);
    const held = spec.validation ? parseClassification(await readText(spec.validation, o), spec.validation) : null;
    const split = held ? { train: rows, validation: held } : holdOut(rows, spec.validationSplit, SPLIT_SEED);
    const labels = labelIndex([...split.train, ...split.validation]);
    if (labels.length < 2) throw new TrainerError('BAD_DATASET', `${spec.dataset}: a classification set needs at least 2 labels, found ${labels.length}`);
    const encode = (r: { text: string; label: string }): Encoded => ({ ids: tokenizer.encode(r.text, maxLength), label: labels.indexOf(r.label) });
    return { train: split.train.map(encode), validation: split.validation.map(encode), labels };
  }
  const docs = parseDocuments(await readText(spec.dataset, o), spec.dataset);
  const held = spec.validation ? parseDocuments(await readText(spec.validation, o), spec.validation) : null;
  const split = held ? { train: docs, validation: held } : holdOut(docs, spec.validationSplit, SPLIT_SEED);
  // One token more than the model sees: inputs and targets are the sequence shifted by one.
  const encode = (t: string): Encoded => ({ ids: tokenizer.encode(t, maxLength + 1, true) });
  return { train: split.train.map(encode), validation: split.validation.map(encode), labels: [] };
}

function buildWeights(model: LoadedModel, data: Data, spec: TfjsSpec, seed: number): Weights {
  const weights: Weights = new Map(Object.entries(model.tensors).map(([n, t]) => [n, tf.variable(t, true)]));
  if (spec.task !== 'classification') return weights;
  const headFits = weights.has(HEAD_KERNEL) && model.labels !== undefined && model.labels.join('\n') === data.labels.join('\n');
  // A base model's head (or one trained for other labels) is replaced; a checkpoint's is kept.
  if (!headFits) addClassificationHead(weights, model.config.dModel, data.labels.length, seed);
  return weights;
}

function trainableNames(weights: Weights, cfg: TransformerConfig, frozen: number): string[] {
  if (frozen > cfg.layers) {
    throw new TrainerError('BAD_PARAMS', `frozen_layers is ${frozen} but the model has ${cfg.layers} transformer blocks; use 0-${cfg.layers}`);
  }
  return [...weights.keys()].filter((n) => frozen === 0 || depthOf(n, cfg.layers) > frozen);
}

/** Fine-tunes a base model (or continues a checkpoint) on the trial's dataset, reporting as it goes. */
export async function fineTune(run: FineTuneRun): Promise<FineTuneResult> {
  const { spec, hyper: h, reporter } = run;
  const sources = run.sources ?? {};
  // A checkpoint is the agent's own (unpacked into the trial folder), not the sweep's data: no data-root check.
  const model = run.restoreDir !== null
    ? await loadModel(join(run.restoreDir, 'model.json'), { ...sources, dataRoots: [] })
    : await loadModel(isHttpSource(spec.model) ? spec.model : resolve(spec.model), sources);
  const cfg = model.config;
  const maxLength = Math.min(spec.maxLength, cfg.maxLength);
  const data = await loadData(spec, model.tokenizer, maxLength, sources);
  if (spec.maxExamples > 0) data.train = data.train.slice(0, spec.maxExamples);
  if (run.restoreDir !== null && spec.task === 'classification' && model.labels && model.labels.join('\n') !== data.labels.join('\n')) {
    throw new TrainerError('BAD_CHECKPOINT', `the checkpoint was trained on labels [${model.labels.join(', ')}] but this dataset has [${data.labels.join(', ')}]`);
  }
  const weights = buildWeights(model, data, spec, h.seed + 1);
  tf.dispose(Object.values(model.tensors));
  const optimizer = new FineTuneOptimizer(h, weights, trainableNames(weights, cfg, h.frozen_layers), cfg.layers);
  if (run.restoreDir !== null) optimizer.restore(model.extra);
  tf.dispose(Object.values(model.extra));
  reporter.log(
    `fine-tuning ${parameterCount(weights)} parameters (${optimizer.trainable.length}/${weights.size} tensors trainable) on ${data.train.length} examples, ` +
      `validating on ${data.validation.length}${run.restoreDir !== null ? `, continuing from step ${optimizer.step}` : ''}`,
  );

  const stepsPerEpoch = Math.ceil(data.train.length / h.batch_size);
  const total = stepsPerEpoch * h.epochs;
  const evalEvery = spec.evalEvery > 0 ? spec.evalEvery : stepsPerEpoch;
  const checkpointEvery = spec.checkpointEvery > 0 ? spec.checkpointEvery : evalEvery;
  const logEvery = Math.max(1, Math.floor(evalEvery / TRAIN_REPORTS_PER_EVAL));
  let order = { epoch: -1, batches: [] as Encoded[][] };
  const batchesOf = (epoch: number): Encoded[][] => {
    // Seeded per epoch: a resumed trial sees the batches it would have seen.
    if (order.epoch !== epoch) order = { epoch, batches: chunk(shuffle(data.train, Rng.fromSeed(h.seed * 1000 + epoch)), h.batch_size) };
    return order.batches;
  };

  const evaluate = async (step: number): Promise<void> => {
    if (spec.task === 'classification') {
      const s = await evaluateClassifier(weights, cfg, data.validation, data.labels.length);
      reporter.report(step, { 'val/loss': s.loss, 'val/accuracy': s.accuracy, 'val/macro_f1': s.macroF1, epoch: step / stepsPerEpoch });
    } else {
      const s = await evaluateLm(weights, cfg, data.validation);
      reporter.report(step, { 'val/loss': s.loss, 'val/perplexity': s.perplexity, 'val/token_accuracy': s.accuracy, epoch: step / stepsPerEpoch });
    }
  };
  let savedAt = -1;
  const checkpoint = async (step: number): Promise<void> => {
    const state = optimizer.state();
    await saveModel(run.checkpointDir, { config: cfg, ...(data.labels.length > 0 ? { labels: data.labels } : {}), trainedOn: { ...model.trainedOn, fineTunedSteps: step } }, weights, model.tokenizer, state);
    // The slots are live variables; only the step scalar was made for this save.
    tf.dispose(state['optimizer/step']!);
    reporter.checkpoint(step);
    savedAt = step;
  };

  let window = { loss: 0, steps: 0, examples: 0, since: performance.now() };
  while (optimizer.step < total && !run.stop.aborted) {
    const epoch = Math.floor(optimizer.step / stepsPerEpoch);
    const batch = batchesOf(epoch)[optimizer.step % stepsPerEpoch]!;
    const lr = learningRate(h, optimizer.step, total);
    const forwardOpts = { dropout: h.dropout, seed: h.seed * 100_003 + optimizer.step };
    const inputs = spec.task === 'classification' ? classificationTensors(batch) : lmTensors(batch);
    const { loss, gradNorm } = await optimizer.minimize(
      () => ('labels' in inputs
        ? classifierLoss(weights, cfg, inputs.ids, inputs.lengths, inputs.labels, forwardOpts)
        : lmLoss(weights, cfg, inputs.ids, inputs.targets, inputs.mask, forwardOpts)),
      lr,
    );
    tf.dispose(Object.values(inputs));
    const step = optimizer.step;
    if (!Number.isFinite(loss)) {
      throw new TrainerError('DIVERGED', `training diverged at step ${step}: the loss is ${loss} (lr ${lr.toExponential(2)}); lower lr or set grad_clip`);
    }
    window.loss += loss;
    window.steps++;
    window.examples += batch.length;
    if (step % logEvery === 0 || step === total) {
      const seconds = (performance.now() - window.since) / 1000;
      reporter.report(step, { 'train/loss': window.loss / window.steps, 'train/lr': lr, 'train/grad_norm': gradNorm, 'train/examples_per_s': window.examples / seconds });
      window = { loss: 0, steps: 0, examples: 0, since: performance.now() };
    }
    if (step % evalEvery === 0 || step === total) await evaluate(step);
    if (step % checkpointEvery === 0 || step === total) await checkpoint(step);
  }
  const stopped = optimizer.step < total;
  // Stopped between checkpoints: save where it is, so a PBT exploit or a resume loses nothing.
  if (stopped && savedAt !== optimizer.step && optimizer.step > 0) await checkpoint(optimizer.step);
  const parameters = parameterCount(weights);
  tf.dispose([...weights.values()]);
  return { steps: optimizer.step, stopped, parameters };
}
