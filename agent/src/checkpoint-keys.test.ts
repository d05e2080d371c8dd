import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickCheckpoint } from './checkpoint-keys.js';

const T = '7d7c5b86-3c1e-4a5e-9a43-1f3c2e0b9d11';
const OTHER = '0b0b0b0b-3c1e-4a5e-9a43-1f3c2e0b9d11';

describe('pickCheckpoint', () => {
  const names = [`${T}/10`, `${T}/2`, `${T}/30`, `${OTHER}/25`, `${T}/notes`, `${T}/5/x`];

  it('takes the highest step of the trial, or the highest not above atMost', () => {
    assert.deepEqual(pickCheckpoint(names, T), { key: `${T}/30`, step: 30 });
    assert.deepEqual(pickCheckpoint(names, T, 25), { key: `${T}/10`, step: 10 });
    assert.deepEqual(pickCheckpoint(names, T, 10), { key: `${T}/10`, step: 10 });
    assert.equal(pickCheckpoint(names, T, 1), null);
    assert.equal(pickCheckpoint([], T), null);
  });
});
