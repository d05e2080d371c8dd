import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMaximize, rankTrials } from '../src/lib/leaderboard.ts';

const trials = [
  { number: 1, objective: 0.5 },
  { number: 2, objective: null },
  { number: 3, objective: 0.2 },
  { number: 4, objective: 0.9 },
  { number: 5, objective: 0.2 },
  { number: 6, objective: undefined },
];

const numbers = (list: { number: number }[]) => list.map((trial) => trial.number);

describe('rankTrials', () => {
  it('puts the lowest objective first when minimizing, ties by number', () => {
    assert.deepEqual(numbers(rankTrials(trials, 'minimize')), [3, 5, 1, 4, 2, 6]);
  });

  it('puts the highest objective first when maximizing', () => {
    assert.deepEqual(numbers(rankTrials(trials, 'maximize')), [4, 1, 3, 5, 2, 6]);
  });

  it('minimizes when the goal is missing', () => {
    assert.deepEqual(numbers(rankTrials(trials, null)), numbers(rankTrials(trials, 'minimize')));
  });

  it('keeps trials without an objective last, by number', () => {
    const ranked = rankTrials(
      [
        { number: 9, objective: null },
        { number: 7, objective: Number.NaN },
        { number: 8, objective: 1 },
      ],
      'maximize',
    );
    assert.deepEqual(numbers(ranked), [8, 7, 9]);
  });

  it('orders infinities without breaking ties', () => {
    const ranked = rankTrials(
      [
        { number: 2, objective: Infinity },
        { number: 1, objective: Infinity },
        { number: 3, objective: 0 },
      ],
      'minimize',
    );
    assert.deepEqual(numbers(ranked), [3, 1, 2]);
  });

  it('does not modify its input', () => {
    const input = [...trials];
    rankTrials(input, 'minimize');
    assert.deepEqual(input, trials);
  });
});

describe('isMaximize', () => {
  it('only maximizes for "maximize"', () => {
    assert.equal(isMaximize('maximize'), true);
    assert.equal(isMaximize('Maximize'), true);
    assert.equal(isMaximize('minimize'), false);
    assert.equal(isMaximize(undefined), false);
  });
});
