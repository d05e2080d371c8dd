import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { differenceNote, differingColumns, pickedRows } from '../src/lib/compare.ts';

const rows = [
  { trial: { id: 'a' }, flat: { lr: 0.1, opt: 'adam', layers: [1, 2] } },
  { trial: { id: 'b' }, flat: { lr: 0.01, opt: 'adam', layers: [1, 2] } },
  { trial: { id: 'c' }, flat: { lr: 0.1, opt: 'sgd', layers: [1, 3] } },
];

describe('comparison', () => {
  it('picks rows in leaderboard order, whatever order they were picked in', () => {
    assert.deepEqual(pickedRows(rows, ['c', 'a']).map((r) => r.trial.id), ['a', 'c']);
    assert.deepEqual(pickedRows(rows, ['x']), []);
  });

  it('finds the parameters that differ, by value (arrays too) and a missing one', () => {
    const columns = ['layers', 'lr', 'opt', 'wd'];
    assert.deepEqual(differingColumns(columns, [rows[0]!, rows[1]!]), ['lr']);
    assert.deepEqual(differingColumns(columns, [rows[0]!, rows[2]!]), ['layers', 'opt']);
    assert.deepEqual(differingColumns(columns, [rows[0]!, { flat: { ...rows[0]!.flat, wd: 0 } }]), ['wd']);
    assert.deepEqual(differingColumns(columns, [rows[0]!]), []);
  });

  it('says how many parameters differ', () => {
    assert.equal(differenceNote(0), 'They share every parameter.');
    assert.equal(differenceNote(1), 'The parameter in which they differ.');
    assert.equal(differenceNote(3), 'The 3 parameters in which they differ.');
  });
});
