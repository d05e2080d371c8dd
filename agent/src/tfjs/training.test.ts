import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TFJS_DEFAULTS, type TfjsHyperparameters } from '@anneal/protocol';
import { selectBackend } from './backend.js';
import { classificationSet } from './corpus.js';
import { TrainerError } from './errors.js';
import { fineTune, type TfjsSpec } from './fine-tune.js';
import { matMul } from './matmul.js';
import { initWeights } from './model.js';
import { loadModel, saveModel } from './model-io.js';
import { FineTuneOptimizer } from './optimizer.js';
import { pretrain } from './pretrain.js';
import type { Reporter } from './reporter.js';
import { tf } from './tf.js';
import { Tokenizer } from './tokenizer.js';

const TINY = { maxLength: 40, dModel: 16, layers: 2, heads: 2, ffDim: 32 };

interface Captured {
  reports: { step: number; metrics: Record<string, number> }[];
  checkpoints: number[];
  reporter: Reporter;
}

function capture(onReport: (step: number) => void = () => undefined): Captured {
  const c: Captured = {
    reports: [],
    checkpoints: [],
    reporter: {
      report: (step, metrics) => {
        c.reports.push({ step, metrics });
        onReport(step);
      },
      checkpoint: (step) => c.checkpoints.push(step),
      info: () => undefined,
      log: () => undefined,
    },
  };
  return c;
}

describe('tfjs training', () => {
  let dir: string;
  let spec: TfjsSpec;
  const hyper = (over: Partial<TfjsHyperparameters> = {}): TfjsHyperparameters => ({ ...TFJS_DEFAULTS, epochs: 2, batch_size: 16, lr: 0.01, ...over });

  before(async () => {
    await selectBackend('wasm', false);
    dir = await mkdtemp(join(tmpdir(), 'anneal-tfjs-'));
    await pretrain({ out: join(dir, 'base'), corpusSize: 500, steps: 4, batchSize: 16, lr: 3e-3, seed: 1, shape: TINY, maxVocab: 300, log: () => undefined });
    await writeFile(join(dir, 'train.jsonl'), classificationSet(2, 160).map((r) => JSON.stringify(r)).join('\n'));
    spec = {
      type: 'tfjs', task: 'classification', model: join(dir, 'base', 'model.json'), dataset: join(dir, 'train.jsonl'),
      validationSplit: 0.25, maxLength: 40, evalEvery: 0, checkpointEvery: 0, maxExamples: 0, backend: 'wasm', hyperparameters: {},
    };
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('matMul with explicit transposes has the gradients of tf.matMul', () => {
    const a = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
    const b = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
    const ours = tf.grads((x, y) => tf.sum(tf.square(matMul(x!, y!))))([a, b]);
    const theirs = tf.grads((x, y) => tf.sum(tf.square(tf.matMul(x!, y!))))([a, b]);
    for (let i = 0; i < 2; i++) {
      const diff = tf.max(tf.abs(tf.sub(ours[i]!, theirs[i]!))).dataSync()[0]!;
      assert.ok(diff < 1e-5, `gradient ${i} differs by ${diff}`);
    }
  });

  it('saves and loads a model with its tokenizer and extra tensors', async () => {
    const cfg = { ...TINY, vocabSize: 6 };
    const weights = initWeights(cfg, 3);
    const tokenizer = new Tokenizer(['[PAD]', '[UNK]', '[BOS]', '[EOS]', 'good', 'bad']);
    await saveModel(join(dir, 'rt'), { config: cfg, labels: ['a', 'b'] }, weights, tokenizer, { 'm/x': tf.ones([2]) });
    const loaded = await loadModel(join(dir, 'rt', 'model.json'));
    assert.deepEqual(loaded.config, cfg);
    assert.deepEqual(loaded.labels, ['a', 'b']);
    assert.deepEqual(loaded.tokenizer.vocab, tokenizer.vocab);
    assert.deepEqual([...loaded.extra['m/x']!.dataSync()], [1, 1]);
    assert.deepEqual(loaded.tensors['block1/mlp/fc/kernel']!.dataSync(), weights.get('block1/mlp/fc/kernel')!.dataSync());
  });

  it('loads a model from an http URL, finding weights and tokenizer beside model.json', async () => {
    const server = createServer((req, res) => {
      readFile(join(dir, 'base', (req.url ?? '/').slice(1))).then(
        (body) => res.end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const fromUrl = await loadModel(`http://127.0.0.1:${port}/model.json`);
      const fromFile = await loadModel(join(dir, 'base', 'model.json'));
      assert.deepEqual(fromUrl.config, fromFile.config);
      assert.deepEqual(fromUrl.tensors['embed/tokens']!.dataSync(), fromFile.tensors['embed/tokens']!.dataSync());
      await assert.rejects(loadModel(`http://127.0.0.1:${port}/nope/model.json`), /HTTP 404/);
    } finally {
      server.close();
    }
  });

  it('refuses a model.json that is not ours, saying how to get one', async () => {
    await writeFile(join(dir, 'other.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [] }));
    await assert.rejects(loadModel(join(dir, 'other.json')), (e: unknown) => e instanceof TrainerError && e.code === 'BAD_MODEL' && /anneal pretrain/.test(e.message));
    await assert.rejects(loadModel(join(dir, 'missing.json')), (e: unknown) => e instanceof TrainerError && /cannot read/.test(e.message));
  });

  it('freezes the embeddings and the first blocks, and scales learning rates by depth', async () => {
    const cfg = { ...TINY, vocabSize: 8 };
    const weights = initWeights(cfg, 1);
    const before = new Map([...weights].map(([n, w]) => [n, w.clone()]));
    const trainable = [...weights.keys()].filter((n) => !n.startsWith('embed/') && !n.startsWith('block0/'));
    const opt = new FineTuneOptimizer({ ...TFJS_DEFAULTS, optimizer: 'sgd', weight_decay: 0, grad_clip: 0, layer_decay: 0.5 }, weights, trainable, cfg.layers);
    const ids = tf.tensor2d([[2, 4, 5, 6]], [1, 4], 'int32');
    const { forward } = await import('./model.js');
    await opt.minimize(() => tf.sum(forward(weights, cfg, ids, { dropout: 0, seed: 0 })), 0.1);
    for (const [name, w] of weights) {
      const moved = tf.max(tf.abs(tf.sub(w, before.get(name)!))).dataSync()[0]!;
      if (name.startsWith('embed/') || name.startsWith('block0/')) assert.equal(moved, 0, `${name} is frozen`);
    }
    const moved = (n: string) => tf.max(tf.abs(tf.sub(weights.get(n)!, before.get(n)!))).dataSync()[0]!;
    assert.ok(moved('block1/mlp/fc/kernel') > 0);
    assert.ok(moved('final_ln/gamma') > 0);
  });

  it('fine-tunes with every metric the issue names and checkpoints at each evaluation', async () => {
    const c = capture();
    const result = await fineTune({ spec, hyper: hyper(), checkpointDir: join(dir, 'ck-a'), restoreDir: null, reporter: c.reporter, stop: new AbortController().signal });
    const stepsPerEpoch = Math.ceil(120 / 16);
    assert.equal(result.steps, 2 * stepsPerEpoch);
    assert.equal(result.stopped, false);
    const keys = new Set(c.reports.flatMap((r) => Object.keys(r.metrics)));
    for (const k of ['train/loss', 'train/lr', 'train/examples_per_s', 'val/loss', 'val/accuracy', 'val/macro_f1']) assert.ok(keys.has(k), k);
    assert.deepEqual(c.reports.filter((r) => 'val/accuracy' in r.metrics).map((r) => r.step), [stepsPerEpoch, 2 * stepsPerEpoch]);
    assert.deepEqual(c.checkpoints, [stepsPerEpoch, 2 * stepsPerEpoch]);
  });

  it('resumes from a checkpoint exactly where an uninterrupted run would be', async () => {
    const straight = capture();
    await fineTune({ spec, hyper: hyper(), checkpointDir: join(dir, 'ck-straight'), restoreDir: null, reporter: straight.reporter, stop: new AbortController().signal });

    const stop = new AbortController();
    const first = capture((step) => {
      if (step >= 3) stop.abort();
    });
    const part = await fineTune({ spec, hyper: hyper(), checkpointDir: join(dir, 'ck-b'), restoreDir: null, reporter: first.reporter, stop: stop.signal });
    assert.equal(part.stopped, true);
    assert.equal(first.checkpoints.at(-1), part.steps, 'a stopped trial checkpoints where it stopped');

    const second = capture();
    const rest = await fineTune({ spec, hyper: hyper(), checkpointDir: join(dir, 'ck-c'), restoreDir: join(dir, 'ck-b'), reporter: second.reporter, stop: new AbortController().signal });
    assert.equal(rest.steps, 2 * Math.ceil(120 / 16));
    assert.ok(second.reports[0]!.step > part.steps, 'continues after the checkpoint');
    const finalOf = (c: Captured) => c.reports.filter((r) => 'val/loss' in r.metrics).at(-1)!.metrics['val/loss'];
    assert.equal(finalOf(second), finalOf(straight));
  });

  it('fails with a clear error when more layers are frozen than the model has', async () => {
    await assert.rejects(
      fineTune({ spec, hyper: hyper({ frozen_layers: 5 }), checkpointDir: join(dir, 'ck-d'), restoreDir: null, reporter: capture().reporter, stop: new AbortController().signal }),
      (e: unknown) => e instanceof TrainerError && e.code === 'BAD_PARAMS' && /has 2 transformer blocks/.test(e.message),
    );
  });

  it('reports a diverging run as an error naming the learning rate', async () => {
    await assert.rejects(
      fineTune({ spec, hyper: hyper({ lr: 1e30, grad_clip: 0, optimizer: 'sgd', warmup_ratio: 0, lr_schedule: 'constant' }), checkpointDir: join(dir, 'ck-e'), restoreDir: null, reporter: capture().reporter, stop: new AbortController().signal }),
      (e: unknown) => e instanceof TrainerError && e.code === 'DIVERGED' && /lower lr/.test(e.message),
    );
  });

  it('trains a language model and reports perplexity', async () => {
    await writeFile(join(dir, 'text.txt'), classificationSet(5, 80).map((r) => r.text).join('\n'));
    const c = capture();
    await fineTune({ spec: { ...spec, task: 'lm', dataset: join(dir, 'text.txt') }, hyper: hyper({ epochs: 1 }), checkpointDir: join(dir, 'ck-f'), restoreDir: null, reporter: c.reporter, stop: new AbortController().signal });
    const last = c.reports.at(-1)!.metrics;
    assert.ok(last['val/perplexity']! > 1 && last['val/perplexity']! < 400, `perplexity ${last['val/perplexity']}`);
  });
});
