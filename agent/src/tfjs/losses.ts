import { classLogits, forward, lmLogits, type ForwardOptions, type TransformerConfig, type Weights } from './model.js';
import { tf, type Tensor } from './tf.js';

/** Mean cross-entropy of class logits [B, C] against labels [B]. */
export function classificationLoss(logits: Tensor, labels: Tensor): Tensor {
  const classes = logits.shape[1]!;
  const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.cast(tf.oneHot(labels, classes), 'float32')), 1);
  return tf.neg(tf.mean(picked));
}

/** Per-token cross-entropy [B*T] of next-token logits against targets [B, T]. */
export function tokenLosses(logits: Tensor, targets: Tensor): Tensor {
  const vocab = logits.shape[1]!;
  const oneHot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]), vocab), 'float32');
  return tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), oneHot), 1));
}

/** Mean next-token loss over real (unpadded) targets. */
export function lmLoss(weights: Weights, cfg: TransformerConfig, ids: Tensor, targets: Tensor, mask: Tensor, opts: ForwardOptions): Tensor {
  const flatMask = tf.reshape(mask, [-1]);
  const losses = tokenLosses(lmLogits(weights, forward(weights, cfg, ids, opts)), targets);
  return tf.div(tf.sum(tf.mul(losses, flatMask)), tf.maximum(tf.sum(flatMask), 1));
}

export function classifierLoss(weights: Weights, cfg: TransformerConfig, ids: Tensor, lengths: Tensor, labels: Tensor, opts: ForwardOptions): Tensor {
  return classificationLoss(classLogits(weights, forward(weights, cfg, ids, opts), lengths), labels);
}
