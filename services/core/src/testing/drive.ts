import type { SweepConfig } from '../config/types.js';
import { parseSweepConfig } from '../config/parse.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherAction, SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';

/** Shared helpers for sampler and stopping-rule tests; nothing in the library imports them. */

export function mustParse(doc: Record<string, unknown>): SweepConfig {
  const r = parseSweepConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

/** Sequential ask/tell loop: ask one, evaluate, tell; returns every value and the final state. */
export function optimize(config: SweepConfig, seed: number, trials: number, objective: (p: Params) => number): { values: number[]; state: SearcherState; actions: SearcherAction[] } {
  let state = initSearcher(config, seed);
  const values: number[] = [];
  const actions: SearcherAction[] = [];
  for (let i = 0; i < trials; i++) {
    const out = searcherStep(config, state, { type: 'request', count: 1 });
    state = out.state;
    actions.push(...out.actions);
    const created = out.actions.find((a) => a.type === 'create');
    if (created?.type !== 'create') break;
    const value = objective(created.params);
    values.push(value);
    state = searcherStep(config, state, { type: 'finished', trial: created.trial, state: 'completed', value }).state;
  }
  return { values, state, actions };
}

export function bestOf(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b), Infinity);
}
