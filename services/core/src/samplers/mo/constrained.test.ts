/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { violated } from '../../constraints/admissible.js';
import type { MetricSpec, SweepConfig } from '../../config/types.js';
import { paretoTrials } from '../../pareto/objectives.js';
import { initSearcher, searcherStep } from '../../searcher/searcher.js';
import type { SearcherEvent, SearcherState } from '../../searcher/types.js';
import type { Params } from '../../space/types.js';
import { mustParse } from '../../testing/drive.js';

const TWO: MetricSpec[] = [{ name: 'f1', goal: 'minimize' }, { name: 'f2', goal: 'minimize' }];
const THREE: MetricSpec[] = [...TWO, { name: 'f3', goal: 'minimize' }];
const box = (d: number) => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i + 1}`, { distribution: 'uniform', min: 0, max: 1 }]));

/** ZDT1-like objectives on the unit box; a third one (when asked) is the mean of x2..xd. */
function objectives(p: Params, m: number): number[] {
  const x = Object.keys(p).filter((k) => k.startsWith('x')).sort().map((k) => p[k] as number);
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
  const out = [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
  return m === 3 ? [...out, x.slice(1).reduce((s, v) => s + v, 0) / (x.length - 1)] : out;
}

type Verdict = (p: Params) => 'ok' | 'oom' | 'breaks';

/**
 * Asks one trial at a time and tells it: an out-of-memory failure (no values), completed
 * values that break the metric constraint `mem <= 1`, or completed values within it.
 */
function run(config: SweepConfig, seed: number, trials: number, verdict: Verdict): { state: SearcherState; proposals: Params[] } {
  let state = initSearcher(config, seed);
  const proposals: Params[] = [];
  const m = config.objectives!.length;
  for (let i = 0; i < trials && !state.exhausted; i++) {
    const out = searcherStep(config, state, { type: 'request', count: 1 });
    const made = out.actions.find((a) => a.type === 'create');
    if (made?.type !== 'create') break;
    proposals.push(made.params);
    const v = verdict(made.params);
    const event: SearcherEvent = v === 'oom'
      ? { type: 'finished', trial: made.trial, state: 'failed', infeasible: true }
      : { type: 'finished', trial: made.trial, state: 'completed', values: objectives(made.params, m), ...(config.constraints?.metrics.length ? { constraints: { mem: v === 'breaks' ? 2 : 0.5 } } : {}) };
    state = searcherStep(config, out.state, event).state;
  }
  return { state, proposals };
}

const constrained = (method: string, metrics = TWO, d = 3) => mustParse({ method, metrics, parameters: box(d), constraints: [{ name: 'mem', max: 1 }], max_concurrent: 100 });

// Out of memory above x1 + x2 = 1.1: about 40 % of the unit square, and it cuts the true front
// (x2..xd = 0, every x1) at x1 > 1.1, so part of what random search finds there is lost.
const oomCorner: Verdict = (p) => ((p['x1'] as number) + (p['x2'] as number) > 1.1 ? 'oom' : 'ok');

for (const [method, metrics] of [['bayes', TWO], ['bayes', THREE], ['tpe', TWO]] as const) {
  test(`${method} with ${metrics.length} objectives learns where trials run out of memory and proposes there less than random`, () => {
    const late = (m: string) => {
      let infeasible = 0;
      let total = 0;
      for (const seed of [1, 2, 3]) {
        const { proposals } = run(constrained(m, [...metrics]), seed, 30, oomCorner);
        for (const p of proposals.slice(12)) {
          total++;
          if (oomCorner(p) === 'oom') infeasible++;
        }
      }
      return infeasible / total;
    };
    const ours = late(method);
    const random = late('random');
    assert.ok(random > 0.15, `random search should run into the corner: ${random}`);
    assert.ok(ours < random / 2, `${method}: ${(100 * ours).toFixed(0)} % of late proposals out of memory, random ${(100 * random).toFixed(0)} %`);
  });
}

test('trials that break a metric constraint stay off the Pareto front, and the search learns to avoid them', () => {
  // Low x1 breaks the constraint: the better half of the unconstrained front is out of reach,
  // which tempts a hypervolume-driven search to keep trying there.
  const breaksLeft: Verdict = (p) => ((p['x1'] as number) < 0.3 ? 'breaks' : 'ok');
  const lateBreaks = (method: string) => {
    let broke = 0;
    let total = 0;
    for (const seed of [4, 5, 6, 7]) {
      const { state, proposals } = run(constrained(method), seed, 30, breaksLeft);
      const front = paretoTrials(state, TWO, true);
      assert.ok(front.length > 0);
      for (const t of front) assert.ok((t.params['x1'] as number) >= 0.3, `infeasible trial ${t.trial} on the front: ${JSON.stringify(t.params)}`);
      for (const p of proposals.slice(15)) {
        total++;
        if (breaksLeft(p) === 'breaks') broke++;
      }
    }
    return broke / total;
  };
  const ours = lateBreaks('bayes');
  const random = lateBreaks('random');
  assert.ok(ours < random * 0.8, `bayes: ${(100 * ours).toFixed(0)} % of late proposals broke the constraint, random ${(100 * random).toFixed(0)} %`);
});

test('with no feasible trial yet, the GP methods still propose (ParEGO steers towards feasibility)', () => {
  // Everything the design tries is out of memory except a thin band at x1 > 0.9.
  const band: Verdict = (p) => ((p['x1'] as number) > 0.9 ? 'ok' : 'oom');
  const { proposals } = run(constrained('bayes', TWO, 2), 5, 20, band);
  assert.equal(proposals.length, 20);
  assert.ok(proposals.slice(8).some((p) => band(p) === 'ok'), 'no late proposal found the feasible band');
});

const CONSTRAINED_SPACE = { ...box(3), n: { distribution: 'int_uniform', min: 1, max: 8 }, kind: { values: ['a', 'b'] } };
const PARAMETER_CONSTRAINTS = ['x1 + x2 <= 1', 'n * x3 <= 2'];

for (const method of ['random', 'sobol', 'tpe', 'gp', 'bayes']) {
  test(`property: every ${method} proposal with two objectives meets the parameter constraints`, () => {
    const config = mustParse({ method, metrics: TWO, parameters: CONSTRAINED_SPACE, constraints: PARAMETER_CONSTRAINTS, max_concurrent: 100 });
    const model = method === 'gp' || method === 'bayes';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { proposals } = run(config, seed, model ? 14 : 24, (p) => ((p['x3'] as number) > 0.8 ? 'oom' : 'ok'));
        assert.ok(proposals.length > 0);
        for (const p of proposals) assert.deepEqual(violated(config, p).map((c) => c.text), [], JSON.stringify(p));
      }),
      { numRuns: model ? 3 : 8 },
    );
  });
}
