import type { TfjsHyperparameters } from '@anneal/protocol';
import { decays, depthOf, type Weights } from './model.js';
import { tf, type Tensor, type Variable } from './tf.js';

export type OptimizerSettings = Pick<
  TfjsHyperparameters,
  'optimizer' | 'momentum' | 'beta1' | 'beta2' | 'epsilon' | 'weight_decay' | 'grad_clip' | 'layer_decay'
>;

/**
 * SGD, momentum, Adam and AdamW over named weights, with what fine-tuning needs and
 * tf.train's optimizers lack: a learning-rate multiplier per layer (layer-wise decay), weight
 * decay that skips biases and norms, global-norm clipping, and state that goes into a
 * checkpoint so a resumed trial continues exactly where it stopped.
 */
export class FineTuneOptimizer {
  /** Optimizer steps taken (Adam's bias correction needs it). */
  step = 0;
  private readonly slots = new Map<string, Variable>();
  private readonly scale = new Map<string, number>();

  constructor(
    private readonly s: OptimizerSettings,
    private readonly weights: Weights,
    readonly trainable: readonly string[],
    layers: number,
  ) {
    for (const name of trainable) {
      this.scale.set(name, s.layer_decay ** (layers + 1 - depthOf(name, layers)));
      const w = weights.get(name)!;
      if (s.optimizer !== 'sgd') this.slots.set(`m/${name}`, tf.variable(tf.zerosLike(w), false));
      if (s.optimizer === 'adam' || s.optimizer === 'adamw') this.slots.set(`v/${name}`, tf.variable(tf.zerosLike(w), false));
    }
  }

  /** One step on `loss`; returns the loss and the gradient norm before clipping. */
  async minimize(loss: () => Tensor, lr: number): Promise<{ loss: number; gradNorm: number }> {
    const vars = this.trainable.map((n) => this.weights.get(n)!);
    const { value, grads } = tf.variableGrads(loss as () => tf.Scalar, vars);
    this.step++;
    const norm = tf.tidy(() => {
      const n = tf.sqrt(tf.addN(this.trainable.map((name) => tf.sum(tf.square(this.gradOf(grads, name))))));
      const clip = this.s.grad_clip > 0 ? tf.minimum(1, tf.div(this.s.grad_clip, tf.add(n, 1e-6))) : tf.scalar(1);
      for (const name of this.trainable) this.update(name, tf.mul(this.gradOf(grads, name), clip), lr * this.scale.get(name)!);
      return n;
    });
    const [l, g] = await Promise.all([value.data(), norm.data()]);
    tf.dispose([value, norm, ...Object.values(grads)]);
    return { loss: l[0]!, gradNorm: g[0]! };
  }

  /** variableGrads keys gradients by tfjs' variable names, not ours. */
  private gradOf(grads: tf.NamedTensorMap, name: string): Tensor {
    return grads[this.weights.get(name)!.name]!;
  }

  private update(name: string, grad: Tensor, lr: number): void {
    const w = this.weights.get(name)!;
    const { optimizer, weight_decay: wd } = this.s;
    const decayed = wd > 0 && decays(name);
    // L2 in the gradient for all but AdamW, whose decay is decoupled (applied to the weight).
    const g = decayed && optimizer !== 'adamw' ? tf.add(grad, tf.mul(w, wd)) : grad;
    if (optimizer === 'sgd') {
      w.assign(tf.sub(w, tf.mul(g, lr)));
      return;
    }
    const m = this.slots.get(`m/${name}`)!;
    if (optimizer === 'momentum') {
      m.assign(tf.add(tf.mul(m, this.s.momentum), g));
      w.assign(tf.sub(w, tf.mul(m, lr)));
      return;
    }
    const v = this.slots.get(`v/${name}`)!;
    const { beta1: b1, beta2: b2 } = this.s;
    m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
    v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
    const mHat = tf.div(m, 1 - b1 ** this.step);
    const vHat = tf.div(v, 1 - b2 ** this.step);
    let next = tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.s.epsilon)), lr));
    if (decayed && optimizer === 'adamw') next = tf.sub(next, tf.mul(w, lr * wd));
    w.assign(next);
  }

  /** Slot tensors by name, plus the step, for a checkpoint. */
  state(): Record<string, Tensor> {
    return { ...Object.fromEntries(this.slots), 'optimizer/step': tf.scalar(this.step) };
  }

  /**
   * Continues from a checkpoint's state. Slots of another optimizer kind (a PBT child that
   * switched optimizer) or missing ones start from zero, which is a fresh optimizer's state.
   */
  restore(state: Record<string, Tensor>): void {
    const step = state['optimizer/step'];
    if (step !== undefined) this.step = Math.round(step.dataSync()[0]!);
    for (const [name, slot] of this.slots) {
      const saved = state[name];
      if (saved !== undefined && saved.shape.join() === slot.shape.join()) slot.assign(saved);
    }
  }
}
