import { tf, type Tensor } from './tf.js';
import { PAD } from './tokenizer.js';

/** Token ids of one example; `label` for classification. */
export interface Encoded {
  ids: number[];
  label?: number;
}

/** Consecutive slices of `rows`; the last one may be short. */
export function chunk<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Classification inputs: ids [B, T] padded to the batch's longest (short batches run faster
 * than padding everything to max_length), lengths [B], labels [B].
 */
export function classificationTensors(batch: readonly Encoded[]): { ids: Tensor; lengths: Tensor; labels: Tensor } {
  const time = Math.max(...batch.map((e) => e.ids.length));
  return {
    ids: tf.tensor2d(batch.map((e) => padded(e.ids, time)), [batch.length, time], 'int32'),
    lengths: tf.tensor1d(batch.map((e) => e.ids.length), 'int32'),
    labels: tf.tensor1d(batch.map((e) => e.label ?? 0), 'int32'),
  };
}

/** Language-model inputs: each sequence without its last token, targets shifted by one, a mask of real targets. */
export function lmTensors(batch: readonly Encoded[]): { ids: Tensor; targets: Tensor; mask: Tensor } {
  const time = Math.max(1, ...batch.map((e) => e.ids.length - 1));
  const inputs = batch.map((e) => padded(e.ids.slice(0, -1), time));
  const targets = batch.map((e) => padded(e.ids.slice(1), time));
  return {
    ids: tf.tensor2d(inputs, [batch.length, time], 'int32'),
    targets: tf.tensor2d(targets, [batch.length, time], 'int32'),
    mask: tf.tensor2d(targets.map((row) => row.map((t) => (t === PAD ? 0 : 1))), [batch.length, time], 'float32'),
  };
}

function padded(ids: readonly number[], time: number): number[] {
  const out = ids.slice(0, time);
  while (out.length < time) out.push(PAD);
  return out;
}
