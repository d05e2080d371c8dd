import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyOption, runningBest } from '../src/lib/objective-history.ts';

const points = [{ number: 2, objective: 0.4 }, { number: 0, objective: 0.9 }, { number: 1, objective: 0.5 }, { number: 3, objective: 0.6 }];

describe('objective history', () => {
  it('keeps the best so far for the goal, in trial-number order', () => {
    assert.deepEqual(runningBest(points, 'minimize').map((p) => p.objective), [0.9, 0.5, 0.4, 0.4]);
    assert.deepEqual(runningBest(points, 'maximize').map((p) => p.objective), [0.9, 0.9, 0.9, 0.9]);
  });

  it('puts a dot per trial that names it on hover, a best-so-far step line, and a log axis on request', () => {
    const option = historyOption([...points, { number: 4, objective: NaN }], 'minimize', 'loss', true, 'light')!;
    const [dots, best] = option.series as Array<{ data: unknown[]; tooltip?: { formatter: (i: unknown) => string } }>;
    assert.deepEqual(dots!.data.map((d) => (d as { value: number[] }).value), [[0, 0.9], [1, 0.5], [2, 0.4], [3, 0.6]]);
    assert.equal(dots!.tooltip!.formatter({ value: [2, 0.4], data: { status: 'PRUNED' } }), '#2 pruned: 0.4000');
    assert.deepEqual(best!.data, [[0, 0.9], [1, 0.5], [2, 0.4], [3, 0.4]]);
    assert.equal((option.yAxis as { type: string }).type, 'log');
    assert.equal((historyOption(points, 'minimize', 'loss', false, 'dark')!.yAxis as { type: string }).type, 'value');
    assert.equal(historyOption([], 'minimize', 'loss', false, 'light'), null);
  });
});
