import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from './batcher.js';

const policy = { maxItems: 3, maxBytes: 100, maxDelayMs: 50 };
const oneByte = (): number => 1;

describe('Batcher', () => {
  it('emits a batch when it reaches maxItems', () => {
    const b = new Batcher<number>(policy, oneByte);
    assert.deepEqual(b.add(1, 0), []);
    assert.deepEqual(b.add(2, 0), []);
    assert.deepEqual(b.add(3, 0), [[1, 2, 3]]);
    assert.equal(b.size, 0);
    assert.equal(b.deadline(), null);
  });

  it('is due maxDelayMs after its first item', () => {
    const b = new Batcher<number>(policy, oneByte);
    b.add(1, 1000);
    b.add(2, 1040);
    assert.equal(b.deadline(), 1050);
    assert.equal(b.due(1049), false);
    assert.equal(b.due(1050), true);
    assert.deepEqual(b.take(), [1, 2]);
    assert.equal(b.due(5000), false);
  });

  it('never lets a batch exceed maxBytes', () => {
    const b = new Batcher<string>(policy, (s) => s.length);
    assert.deepEqual(b.add('a'.repeat(60), 0), []);
    assert.deepEqual(b.add('b'.repeat(60), 0), [['a'.repeat(60)]]);
    assert.deepEqual(b.add('c'.repeat(40), 0), [['b'.repeat(60), 'c'.repeat(40)]]);
  });

  it('sends an oversized item alone', () => {
    const b = new Batcher<string>(policy, (s) => s.length);
    b.add('x', 0);
    assert.deepEqual(b.add('y'.repeat(150), 0), [['x'], ['y'.repeat(150)]]);
  });
});
