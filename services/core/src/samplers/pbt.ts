import { decideExploit } from '../pbt/exploit.js';
import type { PbtChild } from '../searcher/types.js';
import { initQuasi, proposeQuasi, quasiFromV1, type QuasiState } from './quasi.js';
import type { Sampler } from './types.js';

export interface PbtState extends QuasiState {
  /** Children queued by exploit decisions, created first on the next requests. */
  queue?: PbtChild[];
}

/**
 * PBT: queued children first; otherwise founders (spread out quasi-randomly) until the
 * population is complete; otherwise nothing, until an exploit decision queues a child.
 */
export const pbtSampler: Sampler<PbtState> = {
  method: 'pbt',
  summary: 'population-based training: truncation exploit from checkpoints, perturb/resample explore',
  needsMetric: true,
  usesWarmStart: false,
  avoidsRepeats: false,
  exampleConfig: { pbt: { population_size: 4, interval: 2 } },
  initState: initQuasi,
  fromV1: (v1) => ({ ...quasiFromV1(v1), ...(v1.pbtQueue !== undefined ? { queue: v1.pbtQueue } : {}) }),
  propose(ctx) {
    const { config, state, own } = ctx;
    const queue = own.queue ?? [];
    const head = queue[0];
    if (head) return { params: head.params, restore: head.restore, own: { ...own, queue: queue.slice(1) }, source: 'pbt-exploit' };
    const founders = Object.values(state.trials).filter((t) => t.restore === undefined).length;
    if (founders >= (config.pbt?.populationSize ?? 8)) return undefined;
    return { ...proposeQuasi(ctx), source: 'pbt-founder' };
  },
  afterReport({ config, state, own, trial, step, rng }) {
    if (!config.pbt) return undefined;
    const exploit = decideExploit(config.space, config.pbt, config.metric?.goal ?? 'minimize', state, trial, step, rng);
    if (!exploit) return undefined;
    return { own: { ...own, queue: [...(own.queue ?? []), exploit.child] }, evidence: exploit.evidence };
  },
};
