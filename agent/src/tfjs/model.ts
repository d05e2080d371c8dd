import { TrainerError } from './errors.js';
import { matMul, matMulT } from './matmul.js';
import { tf, type Tensor, type Variable } from './tf.js';

/** Shape of a decoder-only transformer; stored in model.json so a model can be rebuilt. */
export interface TransformerConfig {
  vocabSize: number;
  maxLength: number;
  dModel: number;
  layers: number;
  heads: number;
  ffDim: number;
}

/** Weights by name; names say where a weight sits (`block3/attn/qkv/kernel`). */
export type Weights = Map<string, Variable>;

export const HEAD_KERNEL = 'head/kernel';
export const HEAD_BIAS = 'head/bias';

/** Depth of a weight for layer-wise learning rates: 0 embeddings, 1..L blocks, L+1 final norm and head. */
export function depthOf(name: string, layers: number): number {
  if (name.startsWith('embed/')) return 0;
  const block = /^block(\d+)\//.exec(name);
  if (block) return Number(block[1]) + 1;
  return layers + 1;
}

/** Biases and norm parameters are not decayed: shrinking them regularizes nothing useful. */
export function decays(name: string): boolean {
  return name.endsWith('/kernel') || name === 'embed/tokens' || name === 'embed/positions';
}

export function parameterCount(weights: Weights): number {
  let n = 0;
  for (const w of weights.values()) n += w.size;
  return n;
}

/** Fresh weights with GPT-2-style scaled initialisation, reproducible from `seed`. */
export function initWeights(cfg: TransformerConfig, seed: number): Weights {
  const { dModel: d, ffDim: ff, layers } = cfg;
  const weights: Weights = new Map();
  let s = seed * 7919 + 1;
  const normal = (shape: number[], std: number) => tf.truncatedNormal(shape, 0, std, 'float32', s++);
  // Unnamed variables: tfjs names are process-global, and one process may build several models.
  const add = (name: string, t: Tensor) => weights.set(name, tf.variable(t, true));
  // Residual projections are scaled down so the residual stream's variance stays put with depth.
  const residualStd = 0.02 / Math.sqrt(2 * layers);
  add('embed/tokens', normal([cfg.vocabSize, d], 0.02));
  add('embed/positions', normal([cfg.maxLength, d], 0.01));
  for (let i = 0; i < layers; i++) {
    const p = `block${i}`;
    add(`${p}/ln1/gamma`, tf.ones([d]));
    add(`${p}/ln1/beta`, tf.zeros([d]));
    add(`${p}/attn/qkv/kernel`, normal([d, 3 * d], 0.02));
    add(`${p}/attn/qkv/bias`, tf.zeros([3 * d]));
    add(`${p}/attn/out/kernel`, normal([d, d], residualStd));
    add(`${p}/attn/out/bias`, tf.zeros([d]));
    add(`${p}/ln2/gamma`, tf.ones([d]));
    add(`${p}/ln2/beta`, tf.zeros([d]));
    add(`${p}/mlp/fc/kernel`, normal([d, ff], 0.02));
    add(`${p}/mlp/fc/bias`, tf.zeros([ff]));
    add(`${p}/mlp/proj/kernel`, normal([ff, d], residualStd));
    add(`${p}/mlp/proj/bias`, tf.zeros([d]));
  }
  add('final_ln/gamma', tf.ones([d]));
  add('final_ln/beta', tf.zeros([d]));
  return weights;
}

/** Adds (or replaces) a classification head. */
export function addClassificationHead(weights: Weights, dModel: number, classes: number, seed: number): void {
  for (const n of [HEAD_KERNEL, HEAD_BIAS]) weights.get(n)?.dispose();
  weights.set(HEAD_KERNEL, tf.variable(tf.truncatedNormal([dModel, classes], 0, 0.02, 'float32', seed), true));
  weights.set(HEAD_BIAS, tf.variable(tf.zeros([classes]), true));
}

export interface ForwardOptions {
  /** Dropout rate while training; 0 at evaluation. */
  dropout: number;
  /** Varies dropout masks between steps while keeping a run reproducible. */
  seed: number;
}

/** Hidden states [B, T, d] for token ids [B, T]; call inside tf.tidy or a gradient function. */
export function forward(weights: Weights, cfg: TransformerConfig, ids: Tensor, opts: ForwardOptions): Tensor {
  const w = (name: string): Variable => {
    const v = weights.get(name);
    if (v === undefined) throw new TrainerError('BAD_MODEL', `the model has no weight ${name}`);
    return v;
  };
  const [batch, time] = ids.shape as [number, number];
  const d = cfg.dModel;
  const dh = d / cfg.heads;
  let dropSeed = opts.seed * 1009;
  const drop = (x: Tensor): Tensor => (opts.dropout > 0 ? tf.dropout(x, opts.dropout, undefined, dropSeed++) : x);
  const dense = (x: Tensor, prefix: string): Tensor => {
    const inner = x.shape[x.shape.length - 1]!;
    const k = w(`${prefix}/kernel`);
    const y = tf.add(matMul(tf.reshape(x, [-1, inner]), k), w(`${prefix}/bias`));
    return tf.reshape(y, [...x.shape.slice(0, -1), k.shape[1]!]);
  };

  // Embedding by one-hot product: its gradient is a matmul, which every backend has (the
  // WASM backend has no kernel for gather's gradient).
  const oneHot = tf.cast(tf.oneHot(tf.reshape(ids, [-1]), cfg.vocabSize), 'float32');
  const tokens = tf.reshape(matMul(oneHot, w('embed/tokens')), [batch, time, d]);
  const positions = tf.slice(w('embed/positions'), [0, 0], [time, d]);
  let x = drop(tf.add(tokens, positions));

  // Causal mask: large negative scores above the diagonal. Right padding needs no mask of its
  // own, because a real token only ever looks left at other real tokens.
  const causal = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([time, time]), -1, 0)), -1e9);
  const heads = (t: Tensor) => tf.transpose(tf.reshape(t, [batch, time, cfg.heads, dh]), [0, 2, 1, 3]);
  for (let i = 0; i < cfg.layers; i++) {
    const p = `block${i}`;
    const qkv = dense(layerNorm(x, w(`${p}/ln1/gamma`), w(`${p}/ln1/beta`)), `${p}/attn/qkv`);
    const [q, k, v] = tf.split(qkv, 3, 2) as [Tensor, Tensor, Tensor];
    const scores = tf.add(tf.mul(matMulT(heads(q), heads(k)), 1 / Math.sqrt(dh)), causal);
    const attended = matMul(drop(tf.softmax(scores)), heads(v));
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch, time, d]);
    x = tf.add(x, drop(dense(merged, `${p}/attn/out`)));
    const hidden = gelu(dense(layerNorm(x, w(`${p}/ln2/gamma`), w(`${p}/ln2/beta`)), `${p}/mlp/fc`));
    x = tf.add(x, drop(dense(hidden, `${p}/mlp/proj`)));
  }
  return layerNorm(x, w('final_ln/gamma'), w('final_ln/beta'));
}

/** Next-token logits [B*T, V], the output embedding tied to the input one. */
export function lmLogits(weights: Weights, hidden: Tensor): Tensor {
  const d = hidden.shape[2]!;
  return matMulT(tf.reshape(hidden, [-1, d]), weights.get('embed/tokens')!);
}

/** Class logits [B, C] from each sequence's last real token (the one that has seen all others). */
export function classLogits(weights: Weights, hidden: Tensor, lengths: Tensor): Tensor {
  const [, time] = hidden.shape as [number, number, number];
  const pick = tf.expandDims(tf.cast(tf.oneHot(tf.sub(lengths, tf.scalar(1, 'int32')), time), 'float32'), 2);
  const last = tf.sum(tf.mul(hidden, pick), 1);
  return tf.add(matMul(last, weights.get(HEAD_KERNEL)!), weights.get(HEAD_BIAS)!);
}

function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** The sigmoid form of GELU: every backend has sigmoid's kernels, not all have erf's. */
function gelu(x: Tensor): Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}
