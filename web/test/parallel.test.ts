import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisFor, brushMatches, position, quality } from '../src/lib/parallel.ts';

describe('parallel coordinates', () => {
  it('uses a log axis for positive numbers spanning decades, linear otherwise', () => {
    const lr = axisFor('lr', [1e-5, 1e-3, 1e-1]);
    assert.equal(lr.kind, 'log');
    assert.equal(position(lr, 1e-3), 0.5);
    const dropout = axisFor('dropout', [0, 0.1, 0.2]);
    assert.equal(dropout.kind, 'linear');
    assert.equal(position(dropout, 0.1), 0.5);
  });
  it('spaces categories evenly, in sorted order, and leaves out what is not on the axis', () => {
    const opt = axisFor('optimizer', ['sgd', 'adam', 'adamw', 'adam']);
    assert.deepEqual(opt.categories, ['adam', 'adamw', 'sgd']);
    assert.equal(position(opt, 'adamw'), 0.5);
    assert.equal(position(opt, 'rmsprop'), null);
    assert.equal(position(opt, undefined), null);
  });
  it('ranks objectives from worst (0) to best (1) whatever the goal', () => {
    assert.equal(quality(0.2, 1, 0), 0.8);
    assert.equal(quality(null, 1, 0), null);
  });
});

describe('axis kind at the boundary', () => {
  it('two decades are enough for a log axis', () => {
    assert.equal(axisFor('lr', [0.001, 0.01, 0.1]).kind, 'log');
    assert.equal(axisFor('x', [1, 99]).kind, 'linear');
  });
});

describe('brushMatches', () => {
  const axes = [axisFor('lr', [0.001, 0.01, 0.1]), axisFor('opt', ['adam', 'sgd']), axisFor('loss', [0.1, 0.5, 0.9])];
  const rows = [{ lr: 0.001, opt: 'adam', loss: 0.9 }, { lr: 0.01, opt: 'sgd', loss: 0.1 }, { lr: 0.1, opt: 'sgd', loss: 0.5 }, { opt: 'sgd', loss: 0.2 }];
  it('keeps every row without brushes', () => {
    assert.deepEqual(brushMatches(axes, rows, new Map()), [0, 1, 2, 3]);
  });
  it('keeps the rows inside every brushed axis, in any of its ranges; a missing value is out', () => {
    assert.deepEqual(brushMatches(axes, rows, new Map([[2, [[0, 0.5]]]])), [1, 2, 3]);
    assert.deepEqual(brushMatches(axes, rows, new Map([[2, [[0.5, 0]]], [0, [[0.005, 1]]]])), [1, 2]);
    assert.deepEqual(brushMatches(axes, rows, new Map([[1, [[-0.5, 0.5]]]])), [0], 'category axes brush by position');
    assert.deepEqual(brushMatches(axes, rows, new Map([[2, [[0, 0.15], [0.8, 1]]]])), [0, 1]);
  });
});
