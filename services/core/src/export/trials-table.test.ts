import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv, trialsTable } from './trials-table.js';

const T = (number: number, params: Record<string, unknown>, objective: number | null) => ({
  number, status: objective === null ? 'FAILED' : 'COMPLETED', objective, params,
  createdAt: '2026-11-27T10:00:00.000Z', startedAt: '2026-11-27T10:00:01.000Z', finishedAt: '2026-11-27T10:01:31.500Z',
});

test('trials become one flat table: nested params as dotted columns, a union of all keys, durations in seconds', () => {
  const table = trialsTable([T(0, { lr: 0.1, opt: { name: 'adam', beta: 0.9 } }, 0.5), T(1, { lr: 0.01, extra: [1, 2] }, null)]);
  assert.deepEqual(table.columns, ['number', 'status', 'objective', 'created_at', 'started_at', 'finished_at', 'duration_s', 'param.extra', 'param.lr', 'param.opt.beta', 'param.opt.name']);
  assert.equal(table.rows[0]!['duration_s'], 90.5);
  assert.equal(table.rows[1]!['param.opt.name'], undefined);
});

test('CSV quotes what must be quoted and leaves missing values empty', () => {
  const csv = toCsv(trialsTable([T(0, { note: 'a, "b"\nc', lr: 0.1 }, 0.5), T(1, { lr: 0.2, list: [1, 2] }, null)]));
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'number,status,objective,created_at,started_at,finished_at,duration_s,param.list,param.lr,param.note');
  assert.equal(lines[1], '0,COMPLETED,0.5,2026-11-27T10:00:00.000Z,2026-11-27T10:00:01.000Z,2026-11-27T10:01:31.500Z,90.5,,0.1,"a, ""b""\nc"');
  assert.equal(lines[2]!.split(',').slice(0, 3).join(','), '1,FAILED,');
  assert.match(lines[2]!, /"\[1,2\]"/);
});

test('chosen metrics become metric.<key> columns after the params; a trial without one leaves it empty', () => {
  const table = trialsTable([{ ...T(0, { lr: 0.1 }, 0.5), latest: { 'val/acc': 0.9, loss: 0.2 } }, T(1, { lr: 0.2 }, 0.4)]);
  assert.deepEqual(table.columns.slice(-3), ['param.lr', 'metric.loss', 'metric.val/acc']);
  assert.equal(table.rows[0]!['metric.val/acc'], 0.9);
  assert.match(toCsv(table).split('\r\n')[2]!, /,0\.2,,$/);
});
