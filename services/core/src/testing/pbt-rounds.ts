import type { SweepConfig } from '../config/types.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherAction, SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';

/** Test and benchmark helper; nothing in the library imports it. */

export type Loss = (p: Params, step: number) => number;
export type Create = Extract<SearcherAction, { type: 'create' }>;

export interface PbtRounds {
  state: SearcherState;
  /** Every exploit, with whether its parent had completed by then. */
  decisions: { trial: number; evidence: Record<string, unknown>; parentDone: boolean }[];
  /** Trials created after some trial had completed. */
  startedAfterACompletion: Set<number>;
  /** Completed trials' final values, `late` for those started after a completion. */
  finals: { late: boolean; value: number }[];
}

/**
 * Round-robin PBT training like the benchmark harness: each running trial advances one step per
 * round and reports it (a checkpoint every `checkpointEvery` steps). `config.maxConcurrent` trials
 * train at a time; a freed slot goes to the next ask at once (queued children first, then founders
 * that waited), so a population larger than the pool trains in turns.
 */
export function pbtRounds(config: SweepConfig, o: { seed: number; steps: number; loss: Loss; checkpointEvery?: number; onCreate?: (a: Create, state: SearcherState) => void }): PbtRounds {
  let state = initSearcher(config, o.seed);
  const active = new Map<number, number>(); // trial -> step
  const out: PbtRounds = { state, decisions: [], startedAfterACompletion: new Set(), finals: [] };
  const fill = () => {
    while (active.size < config.maxConcurrent) {
      const step = searcherStep(config, state, { type: 'request', count: 1 });
      state = step.state;
      const a = step.actions.find((x) => x.type === 'create');
      if (a?.type !== 'create') return;
      o.onCreate?.(a, state);
      active.set(a.trial, a.restore?.step ?? 0);
      if (out.finals.length > 0) out.startedAfterACompletion.add(a.trial);
    }
  };
  fill();
  for (let guard = 0; active.size > 0 && guard < 10_000; guard++) {
    for (const [trial, at] of [...active]) {
      const step = at + 1;
      active.set(trial, step);
      const value = o.loss(state.trials[trial]!.params, step);
      if (step >= o.steps) {
        state = searcherStep(config, state, { type: 'finished', trial, state: 'completed', value }).state;
        active.delete(trial);
        out.finals.push({ late: out.startedAfterACompletion.has(trial), value });
      } else {
        const r = searcherStep(config, state, { type: 'report', trial, step, value, checkpoint: step % (o.checkpointEvery ?? 1) === 0 });
        state = r.state;
        const stop = r.actions.find((x) => x.type === 'stop');
        if (stop?.type !== 'stop') continue;
        const parent = (stop.evidence as { restore?: { trial: number } }).restore?.trial;
        out.decisions.push({ trial, evidence: stop.evidence as Record<string, unknown>, parentDone: parent !== undefined && state.trials[parent]!.status === 'completed' });
        state = searcherStep(config, state, { type: 'finished', trial, state: 'pruned' }).state;
        active.delete(trial);
      }
      fill();
    }
  }
  return { ...out, state };
}
