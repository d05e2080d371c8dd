import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, sleep } from './backoff.js';

describe('backoffMs', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    assert.equal(backoffMs(1, 100, 5000, () => 1), 100);
    assert.equal(backoffMs(1, 100, 5000, () => 0), 50);
    assert.equal(backoffMs(4, 100, 5000, () => 1), 800);
    assert.equal(backoffMs(30, 100, 5000, () => 1), 5000);
  });

  it('sleep ends early when aborted', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 10);
    await sleep(10_000, ac.signal);
    assert.ok(Date.now() - started < 1000);
  });
});
