import type { TfjsHyperparameters } from '@anneal/protocol';

/**
 * Learning rate at optimizer step `step` (0-based) of `total`: linear warm-up over the first
 * `warmup_ratio` of the steps, then constant, linear decay to 0, or cosine decay to 0.
 */
export function learningRate(h: Pick<TfjsHyperparameters, 'lr' | 'warmup_ratio' | 'lr_schedule'>, step: number, total: number): number {
  const warmup = Math.round(h.warmup_ratio * total);
  if (step < warmup) return (h.lr * (step + 1)) / warmup;
  if (h.lr_schedule === 'constant') return h.lr;
  const decaySteps = Math.max(1, total - warmup);
  const progress = Math.min(1, (step - warmup) / decaySteps);
  if (h.lr_schedule === 'linear') return h.lr * (1 - progress);
  return h.lr * 0.5 * (1 + Math.cos(Math.PI * progress));
}
