import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyView, type ViewableTrial, DEFAULT_VIEW, durationMs, formatDuration, MAX_COMPARE, MAX_METRIC_COLUMNS, parseRange, parseView, sortedBy, viewQuery } from '../src/lib/leaderboard-view.ts';

const STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'FAILED'];
const t0 = Date.parse('2026-11-27T10:00:00Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
const rows: Array<{ trial: ViewableTrial; flat: Record<string, unknown>; latest?: Record<string, number> }> = [
  { trial: { id: 'a', number: 1, status: 'COMPLETED', objective: 0.5, startedAt: iso(0), finishedAt: iso(100) }, flat: { lr: 0.1, opt: 'adam' }, latest: { acc: 0.8 } },
  { trial: { id: 'b', number: 2, status: 'PRUNED', objective: 0.9, startedAt: iso(0), finishedAt: iso(10) }, flat: { lr: 0.001, opt: 'sgd' }, latest: { acc: 0.6 } },
  { trial: { id: 'c', number: 3, status: 'RUNNING', objective: null, startedAt: iso(50), finishedAt: null }, flat: { lr: 0.01 } },
  { trial: { id: 'd', number: 4, status: 'QUEUED', objective: null, startedAt: null, finishedAt: null }, flat: { lr: 0.01, opt: 'adam' } },
];
const ids = (r: typeof rows) => r.map((x) => x.trial.id);
const now = t0 + 200_000;

describe('leaderboard view', () => {
  it('parses what it writes, and ignores junk instead of failing the page', () => {
    const view = { sort: 'param:opt' as const, dir: 'desc' as const, statuses: ['COMPLETED', 'PRUNED'], compare: ['a', 'b'], ranges: [{ key: 'param:lr' as const, min: 0.001, max: 0.05 }, { key: 'objective' as const, max: 1 }], metrics: ['acc', 'val/loss'], curve: 'train/grad_norm' };
    const q = new URLSearchParams(viewQuery(view).slice(1));
    const asParams: Record<string, string | string[]> = {};
    for (const k of new Set(q.keys())) { const all = q.getAll(k); asParams[k] = all.length > 1 ? all : all[0]!; }
    assert.deepEqual(parseView(asParams, STATUSES), view);
    assert.equal(viewQuery(DEFAULT_VIEW), '');
    assert.deepEqual(parseView({ sort: 'drop table', dir: 'sideways', status: 'BOGUS,completed' }, STATUSES), { ...DEFAULT_VIEW, statuses: ['COMPLETED'] });
    assert.equal(parseView({ compare: Array.from({ length: 20 }, (_, i) => `t${i}`).join(',') }, STATUSES).compare.length, MAX_COMPARE);
    assert.equal(parseView({ curve: '  ' }, STATUSES).curve, null, 'a blank series is the sweep metric');
    assert.equal(parseView({ curve: 'k'.repeat(5000) }, STATUSES).curve?.length, 200, 'an overlong key is cut to the longest a key can be');
  });

  it('reads ranges with either bound open and refuses malformed ones', () => {
    assert.deepEqual(parseRange('param:opt.lr:1e-4..0.01'), { key: 'param:opt.lr', min: 1e-4, max: 0.01 });
    assert.deepEqual(parseRange('objective:..0.5'), { key: 'objective', max: 0.5 });
    assert.deepEqual(parseRange('metric:val/acc:0.9..'), { key: 'metric:val/acc', min: 0.9 });
    for (const bad of ['objective:..', 'status:1..2', 'param::1..2', 'objective:a..b', 'objective:1..2..3', 'objective', '']) assert.equal(parseRange(bad), null, bad);
    assert.equal(parseView({ cols: Array.from({ length: 20 }, (_, i) => `m${i}`).join(',') }, STATUSES).metrics.length, MAX_METRIC_COLUMNS);
  });

  it('filters by ranges of parameters, metrics, objective and duration; missing values fall outside', () => {
    const only = (ranges: typeof DEFAULT_VIEW.ranges) => ids(applyView(rows, { ...DEFAULT_VIEW, ranges }, 'minimize', now));
    assert.deepEqual(only([{ key: 'param:lr', min: 0.005 }]), ['a', 'c', 'd']);
    assert.deepEqual(only([{ key: 'param:lr', max: 0.05 }, { key: 'objective', max: 1 }]), ['b']);
    assert.deepEqual(only([{ key: 'metric:acc', min: 0.7 }]), ['a']);
    assert.deepEqual(only([{ key: 'duration', min: 60 }]), ['a', 'c']);
    assert.deepEqual(only([{ key: 'param:opt', min: 0 }]), [], 'text is not in a numeric range');
  });

  it('sorts by a metric column, trials without the metric last', () => {
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, sort: 'metric:acc', dir: 'desc' }, 'minimize', now)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, sort: 'metric:acc' }, 'minimize', now)), ['b', 'a', 'c', 'd']);
  });

  it('sorts by objective best first for the goal, and reversed keeps trials without one last', () => {
    assert.deepEqual(ids(applyView(rows, DEFAULT_VIEW, 'minimize', now)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids(applyView(rows, DEFAULT_VIEW, 'maximize', now)), ['b', 'a', 'c', 'd']);
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, dir: 'desc' }, 'minimize', now)), ['b', 'a', 'c', 'd']);
  });

  it('sorts by a parameter, numbers as numbers, missing values last in both directions', () => {
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, sort: 'param:lr' }, 'minimize', now)), ['b', 'c', 'd', 'a']);
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, sort: 'param:opt', dir: 'desc' }, 'minimize', now)), ['b', 'a', 'd', 'c']);
  });

  it('sorts by duration (running trials count until now) and filters by status', () => {
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, sort: 'duration', dir: 'desc' }, 'minimize', now)), ['c', 'a', 'b', 'd']);
    assert.deepEqual(ids(applyView(rows, { ...DEFAULT_VIEW, statuses: ['COMPLETED', 'PRUNED'] }, 'minimize', now)), ['a', 'b']);
    assert.equal(durationMs(rows[2]!.trial, now), 150_000);
  });

  it('a header click sorts by its column, a second click flips it', () => {
    const once = sortedBy(DEFAULT_VIEW, 'param:lr');
    assert.deepEqual([once.sort, once.dir], ['param:lr', 'asc']);
    assert.equal(sortedBy(once, 'param:lr').dir, 'desc');
  });

  it('durations read at a glance', () => {
    assert.deepEqual([formatDuration(null), formatDuration(42_000), formatDuration(185_000), formatDuration(8_040_000), formatDuration(3 * 86_400_000)],
      ['—', '42 s', '3 min 5 s', '2 h 14 min', '3 d 0 h']);
  });
});
