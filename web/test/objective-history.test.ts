import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyGeometry, runningBest } from '../src/lib/objective-history.ts';

const points = [{ number: 2, objective: 0.4 }, { number: 0, objective: 0.9 }, { number: 1, objective: 0.5 }, { number: 3, objective: 0.6 }];

describe('objective history', () => {
  it('keeps the best so far for the goal, in trial-number order', () => {
    assert.deepEqual(runningBest(points, 'minimize').map((p) => p.objective), [0.9, 0.5, 0.4, 0.4]);
    assert.deepEqual(runningBest(points, 'maximize').map((p) => p.objective), [0.9, 0.9, 0.9, 0.9]);
  });

  it('draws a dot per trial and a step line that only ever improves', () => {
    const g = historyGeometry(points, 'minimize', 100, 50)!;
    assert.deepEqual(g.dots.map((d) => [d.number, d.cx, d.cy]), [[0, 0, 0], [1, 33.3, 40], [2, 66.7, 50], [3, 100, 30]]);
    assert.equal(g.best, 'M0,0H33.3V40H66.7V50H100V50');
    assert.equal(historyGeometry([], 'minimize', 100, 50), null);
  });
});
