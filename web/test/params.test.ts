import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenParams, paramColumns } from '../src/lib/params.ts';

describe('flattenParams', () => {
  it('keeps flat params as they are', () => {
    assert.deepEqual(flattenParams({ lr: 0.01, batch_size: 32 }), { lr: 0.01, batch_size: 32 });
  });

  it('joins nested keys with dots', () => {
    assert.deepEqual(
      flattenParams({ optimizer: { lr: 0.01, betas: [0.9, 0.999], schedule: { kind: 'cosine' } }, seed: 1 }),
      { 'optimizer.lr': 0.01, 'optimizer.betas': [0.9, 0.999], 'optimizer.schedule.kind': 'cosine', seed: 1 },
    );
  });

  it('keeps arrays, nulls and empty objects as leaves', () => {
    assert.deepEqual(flattenParams({ layers: [1, 2], extra: null, opts: {} }), {
      layers: [1, 2],
      extra: null,
      opts: {},
    });
  });

  it('returns an empty object for anything that is not an object', () => {
    assert.deepEqual(flattenParams(null), {});
    assert.deepEqual(flattenParams(undefined), {});
    assert.deepEqual(flattenParams([1, 2]), {});
    assert.deepEqual(flattenParams('lr=0.1'), {});
  });
});

describe('paramColumns', () => {
  it('is the sorted union of names over all trials', () => {
    const rows = [
      flattenParams({ optimizer: { lr: 0.1 }, batch_size: 16 }),
      flattenParams({ optimizer: { lr: 0.2, momentum: 0.9 }, dropout: 0.1 }),
      {},
    ];
    assert.deepEqual(paramColumns(rows), ['batch_size', 'dropout', 'optimizer.lr', 'optimizer.momentum']);
  });

  it('does not depend on the order of the trials', () => {
    const a = flattenParams({ z: 1, a: { b: 2 } });
    const b = flattenParams({ m: 3 });
    assert.deepEqual(paramColumns([a, b]), paramColumns([b, a]));
  });

  it('is empty without trials', () => {
    assert.deepEqual(paramColumns([]), []);
  });
});
