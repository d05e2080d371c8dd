import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineage, paramChanges, type LineageItem, type LineageNode } from '../src/lib/lineage.ts';

describe('lineage', () => {
  it('nests children under the trial they continued, keeping orphans as roots', () => {
    const forest = lineage([
      { id: 'c', number: 4, parentTrialId: 'a' },
      { id: 'a', number: 0, parentTrialId: null },
      { id: 'b', number: 1 },
      { id: 'd', number: 6, parentTrialId: 'c' },
      { id: 'e', number: 5, parentTrialId: 'a' },
      { id: 'f', number: 7, parentTrialId: 'not-loaded' },
    ]);
    type Shape = [number, Shape[]];
    const shape = (nodes: LineageNode<LineageItem>[]): Shape[] => nodes.map((n) => [n.trial.number, shape(n.children)]);
    assert.deepEqual(shape(forest), [[0, [[4, [[6, []]]], [5, []]]], [1, []], [7, []]]);
  });
});

describe('paramChanges', () => {
  it('lists the parameters whose value differs along an edge, by name', () => {
    assert.deepEqual(paramChanges({ lr: 0.01, wd: 0.1, opt: 'adam' }, { lr: 0.012, wd: 0.1, opt: 'adam', extra: true }), [
      { name: 'extra', from: undefined, to: true },
      { name: 'lr', from: 0.01, to: 0.012 },
    ]);
    assert.deepEqual(paramChanges({ a: [1, 2] }, { a: [1, 2] }), []);
  });
});
