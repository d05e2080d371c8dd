import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sweepCharts, type ChartsAnswer } from '../src/lib/sweep-charts.ts';

const points = (n: number) => Array.from({ length: n }, (_, step) => ({ step, value: 1 / (step + 1) }));
const curve = (id: string, number: number, n: number) => ({ node: { id, number, status: 'COMPLETED', metrics: n > 0 ? [{ points: points(n) }] : [] } });
const answer: ChartsAnswer = {
  // Best first, as the API orders them: 'b' reported no point of the metric.
  trials: { edges: [curve('a', 1, 3), curve('b', 2, 0), curve('c', 3, 2), curve('d', 4, 1)] },
  parameterImportance: [{ name: 'lr', importance: 0.7 }],
  history: {
    edges: [
      { node: { id: 'a', number: 1, status: 'COMPLETED', objective: 0.5, objectives: null } },
      { node: { id: 'e', number: 5, status: 'RUNNING', objective: null, objectives: null } },
    ],
  },
  decisions: [
    { id: 'x', trialId: 'c', trialNumber: 3, createdAt: '2026-11-27T10:00:00Z', data: { decision: 'stop', evidence: { rule: 'median', value: 2, threshold: 1.5, cohort_size: 6 } } },
    { id: 'y', trialId: 'd', trialNumber: 4, createdAt: '2026-11-27T10:01:00Z', data: { note: 'other' } },
  ],
};
const leaderboard = [{ id: 'z', number: 9, status: 'COMPLETED', objectives: [1, 2] }];

describe('sweepCharts', () => {
  it('draws the best trials that reported the metric, and the compared ones in comparison order', () => {
    const charts = sweepCharts(answer, leaderboard, 2, ['d', 'x', 'a']);
    assert.deepEqual(charts.curves.map((c) => c.id), ['a', 'c']);
    assert.equal(charts.curves[0]!.points.length, 3);
    assert.equal(charts.curves[0]!.status, 'COMPLETED');
    assert.deepEqual(charts.compareCurves.map((c) => c.id), ['d', 'a']);
  });

  it('keeps finished trials in the history and every trial in the Pareto scatter', () => {
    const charts = sweepCharts(answer, leaderboard, 10, []);
    assert.deepEqual(charts.history, [{ number: 1, status: 'COMPLETED', objective: 0.5 }]);
    assert.deepEqual(charts.scattered.map((t) => t.id), ['a', 'e']);
    assert.deepEqual(charts.importance, [{ name: 'lr', importance: 0.7 }]);
  });

  it('reads each decision and its evidence from its data', () => {
    const [stop, other] = sweepCharts(answer, leaderboard, 10, []).decisions;
    assert.equal(stop!.decision, 'stop');
    assert.equal(stop!.evidence?.rule, 'median');
    assert.equal(stop!.trialNumber, 3);
    assert.equal(other!.decision, undefined);
    assert.equal(other!.evidence, undefined);
    assert.deepEqual(other!.data, { note: 'other' });
  });

  it('without an answer, charts nothing and scatters the leaderboard\'s trials', () => {
    const charts = sweepCharts(null, leaderboard, 10, ['z']);
    assert.deepEqual(charts, { curves: [], compareCurves: [], importance: [], history: [], scattered: leaderboard, decisions: [] });
  });
});
