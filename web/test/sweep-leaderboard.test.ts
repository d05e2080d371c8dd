import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_VIEW } from '../src/lib/leaderboard-view.ts';
import { bestTrialId, countSummary, filterSummary, leaderboardOrder, leaderboardRows, rangeKeys, shownRows, tagFilterOf, type BoardTrial } from '../src/lib/sweep-leaderboard.ts';

const t0 = Date.parse('2026-11-27T10:00:00Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
const trial = (id: string, number: number, status: string, objective: number | null, extra: Partial<BoardTrial> = {}): BoardTrial => ({
  id, number, status, objective, startedAt: iso(0), finishedAt: iso(number * 10), params: {}, tags: [], latest: [], ...extra,
});
// In the API's order (as a Pareto leaderboard comes): not best first for either goal.
const trials = [
  trial('a', 1, 'COMPLETED', 0.5, { params: { lr: 0.1, opt: { name: 'adam' } }, tags: ['keep'], latest: [{ key: 'acc', value: 0.8 }] }),
  trial('b', 2, 'COMPLETED', 0.2, { params: { lr: 0.01, opt: { name: 'sgd' } } }),
  trial('c', 3, 'RUNNING', null, { params: { lr: 0.001 }, finishedAt: null }),
  trial('d', 4, 'PRUNED', 0.9, { params: { lr: 1 }, tags: ['keep'] }),
];
const ids = (list: ReadonlyArray<{ id: string } | { trial: { id: string } }>) => list.map((x) => ('trial' in x ? x.trial.id : x.id));
const now = t0 + 1_000_000;

describe('sweep leaderboard', () => {
  it('ranks one objective best first for its goal, and keeps the API\'s order with several', () => {
    assert.deepEqual(ids(leaderboardOrder(trials, false, 'minimize')), ['b', 'a', 'd', 'c']);
    assert.deepEqual(ids(leaderboardOrder(trials, false, 'maximize')), ['d', 'a', 'b', 'c']);
    assert.deepEqual(ids(leaderboardOrder(trials, true, 'minimize')), ['a', 'b', 'c', 'd']);
  });

  it('makes a row per trial with dotted params and the latest metric values by key', () => {
    const [first] = leaderboardRows(trials);
    assert.deepEqual(first!.flat, { lr: 0.1, 'opt.name': 'adam' });
    assert.deepEqual(first!.latest, { acc: 0.8 });
    assert.equal(first!.trial, trials[0]);
  });

  it('shows what the view and the tag leave, a Pareto leaderboard in the server\'s order when sorted best first', () => {
    const rows = leaderboardRows(trials);
    assert.deepEqual(ids(shownRows(rows, DEFAULT_VIEW, 'minimize', now, null, false)), ['b', 'a', 'd', 'c']);
    assert.deepEqual(ids(shownRows(rows, DEFAULT_VIEW, 'minimize', now, 'keep', false)), ['a', 'd']);
    assert.deepEqual(ids(shownRows(rows, DEFAULT_VIEW, 'minimize', now, null, true)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids(shownRows(rows, { ...DEFAULT_VIEW, statuses: ['COMPLETED'] }, 'minimize', now, null, true)), ['a', 'b']);
    // Any other sort is the view's, objectives or not.
    assert.deepEqual(ids(shownRows(rows, { ...DEFAULT_VIEW, dir: 'desc' }, 'minimize', now, null, true)), ['d', 'a', 'b', 'c']);
    assert.deepEqual(ids(shownRows(rows, { ...DEFAULT_VIEW, sort: 'number', dir: 'desc' }, 'minimize', now, null, true)), ['d', 'c', 'b', 'a']);
  });

  it('offers ranges on the objective, duration, numeric parameters and the metric columns shown', () => {
    const rows = leaderboardRows(trials);
    assert.deepEqual(rangeKeys('val_loss', ['lr', 'opt.name'], rows, ['acc']), [
      { key: 'objective', label: 'val_loss' },
      { key: 'duration', label: 'duration (s)' },
      { key: 'param:lr', label: 'lr' },
      { key: 'metric:acc', label: 'acc' },
    ]);
    assert.equal(rangeKeys(null, [], rows, [])[0]!.label, 'objective');
  });

  it('marks the sweep\'s best trial, else the top row when it has an objective', () => {
    assert.equal(bestTrialId({ id: 'd' }, trials), 'd');
    assert.equal(bestTrialId(null, trials), 'a');
    assert.equal(bestTrialId(null, [trials[2]!]), undefined);
    assert.equal(bestTrialId(null, []), undefined);
  });

  it('reads the tag filter, ignoring an empty or repeated one', () => {
    assert.equal(tagFilterOf({ tag: 'keep' }), 'keep');
    assert.equal(tagFilterOf({ tag: '' }), null);
    assert.equal(tagFilterOf({ tag: ['a', 'b'] }), null);
    assert.equal(tagFilterOf({}), null);
  });

  it('says how many trials it holds and what the filters leave', () => {
    assert.equal(countSummary(100, 340, true), 'best 100 of 340 trials');
    assert.equal(countSummary(3, 3, false), '3 trials');
    assert.equal(filterSummary(DEFAULT_VIEW, 3), '');
    assert.equal(filterSummary({ statuses: ['COMPLETED', 'PRUNED'], ranges: [] }, 2), ' · showing 2 completed or pruned');
    assert.equal(filterSummary({ statuses: [], ranges: [{ key: 'objective', max: 1 }] }, 1), ' · showing 1 in range');
    assert.equal(filterSummary({ statuses: ['FAILED'], ranges: [{ key: 'duration', min: 60 }] }, 0), ' · showing 0 failed in range');
  });
});
