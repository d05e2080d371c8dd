import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Slots } from './slots.js';

describe('Slots', () => {
  it('hands out at most total slots and wakes waiters on release', async () => {
    const s = new Slots(2);
    assert.ok(s.acquire());
    assert.ok(s.acquire());
    assert.equal(s.acquire(), false);
    let woke = false;
    const waiting = s.waitForFree().then(() => (woke = true));
    await Promise.resolve();
    assert.equal(woke, false);
    s.release();
    await waiting;
    assert.equal(s.free, 1);
  });
});
