import { chunk, classificationTensors, lmTensors, type Encoded } from './batches.js';
import { classificationLoss, tokenLosses } from './losses.js';
import { accuracy, macroF1 } from './metrics.js';
import { classLogits, forward, lmLogits, type TransformerConfig, type Weights } from './model.js';
import { tf } from './tf.js';

const EVAL_BATCH = 128;
const NO_DROPOUT = { dropout: 0, seed: 0 };

export interface ClassificationScores {
  loss: number;
  accuracy: number;
  macroF1: number;
}

export async function evaluateClassifier(weights: Weights, cfg: TransformerConfig, rows: readonly Encoded[], classes: number): Promise<ClassificationScores> {
  const predicted: number[] = [];
  const actual: number[] = [];
  let lossSum = 0;
  for (const batch of chunk(rows, EVAL_BATCH)) {
    const [loss, preds] = tf.tidy(() => {
      const t = classificationTensors(batch);
      const logits = classLogits(weights, forward(weights, cfg, t.ids, NO_DROPOUT), t.lengths);
      // The training loss is a batch mean; the batch's sum weighs a short last batch right.
      return [tf.mul(classificationLoss(logits, t.labels), batch.length), tf.argMax(logits, 1)];
    });
    lossSum += (await loss.data())[0]!;
    predicted.push(...(await preds.data()));
    actual.push(...batch.map((e) => e.label ?? 0));
    tf.dispose([loss, preds]);
  }
  return { loss: lossSum / Math.max(1, rows.length), accuracy: accuracy(predicted, actual), macroF1: macroF1(predicted, actual, classes) };
}

export interface LmScores {
  loss: number;
  perplexity: number;
  /** Share of next tokens predicted exactly. */
  accuracy: number;
}

export async function evaluateLm(weights: Weights, cfg: TransformerConfig, rows: readonly Encoded[]): Promise<LmScores> {
  let lossSum = 0;
  let right = 0;
  let tokens = 0;
  for (const batch of chunk(rows, EVAL_BATCH)) {
    const parts = tf.tidy(() => {
      const t = lmTensors(batch);
      const logits = lmLogits(weights, forward(weights, cfg, t.ids, NO_DROPOUT));
      const mask = tf.reshape(t.mask, [-1]);
      const hits = tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(tf.reshape(t.targets, [-1]), 'int32')), 'float32');
      return [tf.sum(tf.mul(tokenLosses(logits, t.targets), mask)), tf.sum(tf.mul(hits, mask)), tf.sum(mask)];
    });
    const [l, r, n] = await Promise.all(parts.map(async (p) => (await p.data())[0]!));
    lossSum += l!;
    right += r!;
    tokens += n!;
    tf.dispose(parts);
  }
  const loss = lossSum / Math.max(1, tokens);
  return { loss, perplexity: Math.exp(loss), accuracy: right / Math.max(1, tokens) };
}
