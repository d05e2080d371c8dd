import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commitInOrder, FAILURES_WHILE_HEALTHY, type CommitInOrder } from '../ingest/commit-in-order.js';

/** A lane's view of Postgres: what committed, in order, and what went back to JetStream. */
function lane(o: { downForTries?: number; poison?: string; stopAfterCommits?: number }) {
  let tries = 0;
  const down = () => tries <= (o.downForTries ?? 0);
  const committed: string[] = [];
  const givenUp: Array<{ item: string; failed: boolean }> = [];
  const slept: number[] = [];
  const r: CommitInOrder<string> = {
    async commit(batch) {
      tries += 1;
      if (down()) throw new Error('connection refused');
      if (o.poison && batch.includes(o.poison)) throw new Error('value out of range');
      committed.push(...batch);
    },
    healthy: async () => !down(),
    giveUp: (batch, failed) => { givenUp.push(...batch.map((item) => ({ item, failed }))); },
    running: () => o.stopAfterCommits === undefined || committed.length < o.stopAfterCommits,
    onFailure: () => {},
    sleep: async (ms) => { slept.push(ms); },
  };
  return { r, committed, givenUp, slept };
}

describe('a lane commits its batches in order', () => {
  test('while Postgres is down the batch waits in place, and then commits whole before anything else', async () => {
    const l = lane({ downForTries: 20 });
    await commitInOrder(['metrics', 'finished'], l.r);
    await commitInOrder(['next'], l.r);
    assert.deepEqual(l.committed, ['metrics', 'finished', 'next']);
    assert.deepEqual(l.givenUp, [], 'an outage hands nothing back to be redelivered out of order');
    assert.equal(l.slept.length, 20, 'a wait after every failed try');
    assert.equal(Math.max(...l.slept), 5000, 'the waits grow to 5 s');
  });

  test('a message that fails on a healthy database costs only itself, and is handed back as failed', async () => {
    const l = lane({ poison: 'bad' });
    await commitInOrder(['a', 'bad', 'c'], l.r);
    assert.deepEqual(l.committed, ['a', 'c']);
    assert.deepEqual(l.givenUp, [{ item: 'bad', failed: true }]);
    assert.equal(l.slept.length, 2 * (FAILURES_WHILE_HEALTHY - 1), 'the batch, then the message alone, each tried a few times');
  });

  test('a stopping ingest hands the batch back at once, not as failed', async () => {
    const l = lane({ downForTries: Infinity, stopAfterCommits: 0 });
    await commitInOrder(['a', 'b'], l.r);
    assert.deepEqual(l.givenUp, [{ item: 'a', failed: false }, { item: 'b', failed: false }]);
    assert.deepEqual(l.slept, []);
  });

  test('an ingest that stops while a failing batch is taken apart hands back the rest, untried', async () => {
    const l = lane({ poison: 'bad', stopAfterCommits: 1 });
    await commitInOrder(['a', 'bad', 'c', 'd'], l.r);
    assert.deepEqual(l.committed, ['a']);
    assert.deepEqual(l.givenUp, [{ item: 'bad', failed: false }, { item: 'c', failed: false }, { item: 'd', failed: false }]);
  });
});
