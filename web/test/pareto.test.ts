import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inServerOrder, paretoObjectives, paretoScatterOption } from '../src/lib/pareto.ts';

const objectives = [{ name: 'loss', goal: 'minimize' }, { name: 'acc', goal: 'maximize' }];

describe('paretoScatterOption', () => {
  it('draws the front as a line in the first objective\'s order and the rest as faint points, leaving out trials without both values', () => {
    const trials = [
      { id: 'a', number: 1, status: 'COMPLETED', objectives: [0.3, 0.9] },
      { id: 'b', number: 2, status: 'COMPLETED', objectives: [0.1, 0.5] },
      { id: 'c', number: 3, status: 'COMPLETED', objectives: [0.4, 0.4] },
      { id: 'd', number: 4, status: 'COMPLETED', objectives: [0.05, null] },
      { id: 'e', number: 5, status: 'RUNNING', objectives: [0.01, 0.99] },
    ];
    const option = paretoScatterOption(objectives, trials, new Set(['a', 'b'])) as { series: Array<{ data: Array<{ name: string; value: number[] }> }>; xAxis: { name: string } };
    assert.deepEqual(option.series[1]!.data.map((p) => p.name), ['#2', '#1']);
    assert.deepEqual(option.series[0]!.data.map((p) => p.name), ['#3']);
    assert.equal(option.xAxis.name, 'loss (lower is better)');
    assert.equal(option.series.length, 2, 'no infeasible series without infeasible trials');
  });

  it('draws trials that broke a constraint as their own series, not as ordinary points', () => {
    const trials = [
      { id: 'a', number: 1, status: 'COMPLETED', objectives: [0.3, 0.9] },
      { id: 'b', number: 2, status: 'COMPLETED', objectives: [0.01, 0.99], infeasible: { reason: 'CONSTRAINT' } },
      { id: 'c', number: 3, status: 'COMPLETED', objectives: [0.4, 0.4], infeasible: null },
    ];
    const option = paretoScatterOption(objectives, trials, new Set(['a'])) as { series: Array<{ name: string; data: Array<{ name: string }> }>; legend?: unknown };
    assert.deepEqual(option.series.map((s) => [s.name, s.data.map((p) => p.name)]), [
      ['other trials', ['#3']],
      ['Pareto front', ['#1']],
      ['infeasible (broke a constraint)', ['#2']],
    ]);
    assert.ok(option.legend, 'a legend names the markers');
  });
});

describe('inServerOrder', () => {
  it('keeps the order the API gave, after filters', () => {
    const row = (id: string) => ({ trial: { id } });
    const all = [row('z'), row('a'), row('m')];
    assert.deepEqual(inServerOrder(all, [all[2]!, all[0]!]).map((r) => r.trial.id), ['z', 'm']);
  });
});

describe('paretoObjectives', () => {
  it('gives the objectives only when there are several', () => {
    assert.deepEqual(paretoObjectives(objectives), objectives);
    assert.equal(paretoObjectives([objectives[0]!]), null);
    assert.equal(paretoObjectives([]), null);
    assert.equal(paretoObjectives(null), null);
  });
});
