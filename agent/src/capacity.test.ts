import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Capacity } from './capacity.js';
import { AgentError } from './errors.js';
import { GpuShares } from './gpu-shares.js';

const never = new AbortController().signal;

describe('GpuShares', () => {
  it('gives distinct GPUs, least used first, and takes them back', () => {
    const s = new GpuShares([0, 1, 2], 2);
    assert.deepEqual(s.take(2), [0, 1]);
    assert.deepEqual(s.take(1), [2]);
    assert.deepEqual(s.take(3), [0, 1, 2]);
    assert.equal(s.take(1), null);
    s.give([1]);
    assert.deepEqual(s.take(1), [1]);
    assert.deepEqual(s.take(0), []);
  });
});

describe('Capacity', () => {
  it('counts a shared GPU as its share: 4 slots on 2 GPUs give each single-GPU trial half a GPU', () => {
    const c = new Capacity(4, [0, 1]);
    assert.equal(c.gpuShare([0]), 0.5);
    assert.equal(c.gpuShare([0, 1]), 1);
    assert.equal(new Capacity(2, [0, 1]).gpuShare([1]), 1);
  });

  it('on a CPU agent counts slots only and refuses GPU requests', async () => {
    const c = new Capacity(2);
    assert.equal(c.pullable, 2);
    assert.ok(c.acquire());
    assert.ok(c.acquire());
    assert.equal(c.acquire(), false);
    assert.equal(c.pullable, 0);
    let woke = false;
    const waiting = c.waitForPullable().then(() => (woke = true));
    await Promise.resolve();
    assert.equal(woke, false);
    c.release();
    await waiting;
    assert.equal(c.pullable, 1);
    assert.equal(c.defaultGpus(), 0);
    assert.equal(c.gpuShare([]), 0);
    assert.deepEqual(await c.takeGpus(0, never), []);
    await assert.rejects(c.takeGpus(1, never), (e: unknown) => e instanceof AgentError && e.code === 'TOO_FEW_GPUS' && /--gpus/.test(e.message));
  });

  it('requires slots to be a multiple of the GPUs', () => {
    assert.throws(() => new Capacity(3, [0, 1]), /multiple of the GPU count \(2\)/);
    assert.equal(new Capacity(4, [0, 1]).slots, 4);
  });

  it('pulls one at a time, queues GPU requests first come first served, and refuses impossible ones', async () => {
    const c = new Capacity(2, [0, 1]);
    assert.equal(c.defaultGpus(), 1);
    assert.equal(c.pullable, 1);
    assert.ok(c.acquire());
    assert.deepEqual(await c.takeGpus(1, never), [0]);
    assert.equal(c.pullable, 1);
    assert.ok(c.acquire());
    // Needs both GPUs while GPU 0 is busy: it waits, and nothing more is pulled meanwhile.
    const big = c.takeGpus(2, never);
    assert.equal(c.pullable, 0);
    await assert.rejects(c.takeGpus(3, never), /needs 3 GPUs, but this agent has 2/);
    c.giveGpus([0]);
    assert.deepEqual(await big, [0, 1]);
    c.release();
    assert.equal(c.pullable, 0, 'both GPUs are taken');
    c.giveGpus([0, 1]);
    assert.equal(c.pullable, 1);
  });

  it('drops an aborted request from the queue', async () => {
    const c = new Capacity(1, [0]);
    assert.ok(c.acquire());
    const held = await c.takeGpus(1, never);
    const abort = new AbortController();
    const waiting = c.takeGpus(1, abort.signal);
    abort.abort(new Error('stopped'));
    await assert.rejects(waiting, /stopped/);
    c.giveGpus(held);
    assert.deepEqual(await c.takeGpus(1, never), [0], 'the aborted request took nothing');
  });
});
