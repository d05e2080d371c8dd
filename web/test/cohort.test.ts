import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cohortAtStep, decisionStep, describeCohort, summarize, valueAtStep } from '../src/lib/cohort.ts';
import type { StopEvidence } from '../src/lib/stop-evidence.ts';

const pts = (pairs: Array<[number, number]>) => pairs.map(([step, value]) => ({ step, value }));

describe('decisionStep', () => {
  it('reads the rung for rung rules and the step for the others', () => {
    assert.equal(decisionStep({ rule: 'asha', rung: 4, step: 5 } as StopEvidence), 4);
    assert.equal(decisionStep({ rule: 'median', step: 6 } as StopEvidence), 6);
    assert.equal(decisionStep({ rule: 'median' } as StopEvidence), undefined);
  });
});

describe('valueAtStep and cohortAtStep', () => {
  it('takes the last report at or before the step, only from curves that reached it', () => {
    assert.equal(valueAtStep(pts([[0, 5], [2, 3], [4, 1]]), 3), 3);
    assert.equal(valueAtStep(pts([[0, 5], [2, 3]]), 3), undefined);
  });
  it('leaves the trial itself out and orders the others best first for the goal', () => {
    const curves = [
      { id: 'me', number: 0, points: pts([[0, 9], [4, 8]]) },
      { id: 'x', number: 1, points: pts([[0, 3], [4, 2]]) },
      { id: 'y', number: 2, points: pts([[0, 1], [4, 5]]) },
      { id: 'short', number: 3, points: pts([[0, 1]]) },
    ];
    assert.deepEqual(cohortAtStep(curves, 4, 'me', false).map((m) => [m.number, m.value]), [[1, 2], [2, 5]]);
    assert.deepEqual(cohortAtStep(curves, 4, 'me', true).map((m) => m.number), [2, 1]);
  });
});

describe('cohort in words', () => {
  it('summarizes min, median and max', () => {
    assert.deepEqual(summarize([3, 1, 2, 10]), { count: 4, min: 1, median: 2.5, max: 10 });
    assert.equal(summarize([]), undefined);
  });
  it('places the trial among the others at the step', () => {
    assert.equal(describeCohort(4, 8, [2, 5]), 'At step 4 this trial had 8.000; the 2 other trials shown that reached it ranged 2.000 … 5.000 (median 3.500).');
    assert.match(describeCohort(4, 8, []), /no other trial shown had reached that step/);
  });
});
