import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportFileName, exportRows, type ExportableTrial } from '../src/lib/export-view.ts';
import { DEFAULT_VIEW } from '../src/lib/leaderboard-view.ts';

const T = (number: number, objective: number | null, lr: number, tags: string[] = [], acc?: number): ExportableTrial => ({
  id: `t${number}`, number, status: objective === null ? 'FAILED' : 'COMPLETED', objective, params: { opt: { lr } },
  createdAt: '2026-11-27T10:00:00Z', startedAt: '2026-11-27T10:00:01Z', finishedAt: '2026-11-27T10:00:31Z', tags,
  latest: acc === undefined ? [] : [{ key: 'acc', value: acc }],
});
const trials = [T(0, 0.5, 0.1, ['base'], 0.7), T(1, 0.2, 0.01, [], 0.9), T(2, null, 0.001, ['base'])];

test('exports the rows the view shows, in its order, with its metric columns', () => {
  const rows = exportRows(trials, DEFAULT_VIEW, 'minimize', null, 0);
  assert.deepEqual(rows.map((r) => r.number), [1, 0, 2]);
  assert.deepEqual(rows[0]!.latest, { acc: 0.9 });
  assert.equal(rows[2]!.latest, undefined);
  const ranged = exportRows(trials, { ...DEFAULT_VIEW, ranges: [{ key: 'param:opt.lr', min: 0.005 }], sort: 'number' }, 'minimize', null, 0);
  assert.deepEqual(ranged.map((r) => r.number), [0, 1]);
  assert.deepEqual(exportRows(trials, { ...DEFAULT_VIEW, statuses: ['FAILED'] }, 'minimize', null, 0).map((r) => r.number), [2]);
  assert.deepEqual(exportRows(trials, DEFAULT_VIEW, 'minimize', 'base', 0).map((r) => r.number), [0, 2]);
});

test('file names keep only safe characters', () => {
  assert.equal(exportFileName('lora r/alpha "sweep"', 'csv'), 'lora-r-alpha-sweep-trials.csv');
  assert.equal(exportFileName('///', 'json'), 'sweep-trials.json');
});
