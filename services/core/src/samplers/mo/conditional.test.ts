/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initSearcher, searcherStep } from '../../searcher/searcher.js';
import type { Params, Space } from '../../space/types.js';
import { isValidValue } from '../../space/validity.js';
import { canonicalJson } from '../../space/values.js';
import { conditionalParameters, expectedActive } from '../../testing/conditional-arbitraries.js';
import { mustParse } from '../../testing/drive.js';

/**
 * Conditional spaces with several objectives: EHVI, ParEGO and Pareto TPE see inactive
 * parameters as the single-objective models do, and every proposal holds exactly the
 * parameters its own choices activate, across parallel asks, failures and infeasible trials.
 */

function assertValidUnderConditions(space: Space, params: Params): void {
  const active = expectedActive(space, params);
  assert.deepEqual(Object.keys(params).sort(), [...active].sort(), `exactly the active params: ${JSON.stringify(params)}`);
  for (const dim of space) if (active.has(dim.name)) assert.ok(isValidValue(dim, params[dim.name]), `${dim.name} = ${JSON.stringify(params[dim.name])}`);
}

const TWO = [{ name: 'loss', goal: 'minimize' }, { name: 'cost', goal: 'maximize' }];
const THREE = [...TWO, { name: 'mem', goal: 'minimize' }];

for (const [method, metrics] of [['random', TWO], ['sobol', TWO], ['tpe', TWO], ['bayes', TWO], ['gp', THREE]] as const) {
  test(`${method} with ${metrics.length} objectives: every proposal in a conditional space holds exactly its active params`, () => {
    fc.assert(
      fc.property(conditionalParameters(), fc.integer({ min: 0, max: 1000 }), (parameters, seed) => {
        const c = mustParse({ method, metrics, parameters, max_concurrent: 4 });
        let state = initSearcher(c, seed);
        for (let round = 0; round < 8 && !state.exhausted; round++) {
          const out = searcherStep(c, state, { type: 'request', count: 2 });
          state = out.state;
          out.actions.forEach((a, i) => {
            if (a.type !== 'create') return;
            assertValidUnderConditions(c.space, a.params);
            const h = canonicalJson(a.params).length;
            const values = metrics.map((_, k) => ((h * (k + 3)) % 11) + round / 10);
            const oom = i === 1 && round % 3 === 2;
            state = searcherStep(c, state, oom ? { type: 'finished', trial: a.trial, state: 'failed', infeasible: true } : { type: 'finished', trial: a.trial, state: 'completed', values }).state;
          });
        }
        for (const rec of Object.values(state.trials)) assertValidUnderConditions(c.space, rec.params);
      }),
      { numRuns: method === 'gp' || method === 'bayes' ? 10 : 25 },
    );
  });
}
