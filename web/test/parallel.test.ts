import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisFor, polylinePoints, position, quality } from '../src/lib/parallel.ts';

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
  it('draws one point per axis the trial has a value on', () => {
    const axes = [axisFor('a', [0, 1]), axisFor('b', ['x', 'y']), axisFor('c', [5, 5])];
    assert.equal(polylinePoints(axes, { a: 1, b: 'x', c: 5 }, 100, 10), '0,0 50,10 100,5');
    assert.equal(polylinePoints(axes, { a: 0, c: 5 }, 100, 10), '0,10 100,5');
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
