import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commitInOrder, FAILURES_WHILE_HEALTHY, type CommitInOrder } from '../ingest/commit-in-order.js';

/** A lane's view of Postgres: what committed, in order, and what went back to JetStream. */
function lane(o: { downForTries?: number; poison?: string }) {
  let tries = 0;
  const down = () => tries <= (o.downForTries ?? 0);
  const committed: string[] = [];
  const givenUp: string[] = [];
  const slept: number[] = [];
  let kept = 0;
  const r: CommitInOrder<string> = {
    async commit(batch) {
      tries += 1;
      if (down()) throw new Error('connection refused');
      if (o.poison && batch.includes(o.poison)) throw new Error('value out of range');
      committed.push(...batch);
    },
    healthy: async () => !down(),
    keepAlive: () => { kept += 1; },
    giveUp: (batch) => { givenUp.push(...batch); },
    running: () => true,
    onFailure: () => {},
    sleep: async (ms) => { slept.push(ms); },
  };
  return { r, committed, givenUp, slept, kept: () => kept };
}

describe('a lane commits its batches in order', () => {
  test('while Postgres is down the batch waits in place, and then commits whole before anything else', async () => {
    const l = lane({ downForTries: 20 });
    await commitInOrder(['metrics', 'finished'], l.r);
    await commitInOrder(['next'], l.r);
    assert.deepEqual(l.committed, ['metrics', 'finished', 'next']);
    assert.deepEqual(l.givenUp, [], 'an outage hands nothing back to be redelivered out of order');
    assert.equal(l.kept(), 20, 'the messages are kept alive at every wait');
    assert.equal(Math.max(...l.slept), 5000, 'the waits grow to 5 s');
  });

  test('a message that fails on a healthy database costs only itself', async () => {
    const l = lane({ poison: 'bad' });
    await commitInOrder(['a', 'bad', 'c'], l.r);
    assert.deepEqual(l.committed, ['a', 'c']);
    assert.deepEqual(l.givenUp, ['bad']);
    assert.equal(l.slept.length, 2 * (FAILURES_WHILE_HEALTHY - 1), 'the batch, then the message alone, each tried a few times');
  });

  test('a stopping ingest hands the batch back at once', async () => {
    const l = lane({ downForTries: Infinity });
    l.r.running = () => false;
    await commitInOrder(['a', 'b'], l.r);
    assert.deepEqual(l.givenUp, ['a', 'b']);
    assert.deepEqual(l.slept, []);
  });
});
