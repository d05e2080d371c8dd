import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { controlSchema, encodeMessage, PROTOCOL_VERSION } from '@anneal/protocol';
import { Harness, nodeTrainer, processAlive } from './testing.js';

// Starts a worker in its own process, ignores SIGTERM (so only SIGKILL ends it) and prints forever.
const STUBBORN = `
const { spawn } = require('node:child_process');
const worker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
console.log('pids ' + process.pid + ' ' + worker.pid);
let i = 0;
setInterval(() => console.log('@anneal ' + JSON.stringify({ loss: 1 / ++i })), 20);
`;

describe('stopping trials', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
  });
  afterEach(async () => h.close());

  async function putStop(trialId: string, reason: string): Promise<void> {
    const kv = await h.js.views.kv(h.org.controlBucket);
    await kv.put(trialId, encodeMessage(controlSchema, { v: PROTOCOL_VERSION, action: 'stop', reason, at: Date.now() }));
  }

  function pidsOf(trialId: string): () => number[] | undefined {
    return () => {
      for (const t of h.of(trialId)) {
        const line = t.type === 'log' ? t.lines.find((l) => l.startsWith('pids ')) : undefined;
        if (line !== undefined) return line.split(' ').slice(1).map(Number);
      }
      return undefined;
    };
  }

  it('kills the whole process group on a stop decision, escalating to SIGKILL', async () => {
    await h.startAgent({ stopGraceMs: 300 });
    const a = h.assignment(nodeTrainer(STUBBORN));
    await h.publish(a);
    const pids = await h.waitFor('the trainer to print its pids', pidsOf(a.trialId));
    await h.waitFor('some metrics', () => h.of(a.trialId).some((t) => t.type === 'metrics'));
    assert.ok(pids.every(processAlive));

    await putStop(a.trialId, 'asha: below rung median');
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'stopped');
    assert.equal(finished.error, 'stopped: asha: below rung median');
    assert.ok(finished.logTail.includes('ignoring SIGTERM'), 'SIGTERM came first');
    await h.waitFor('trainer and worker to be gone', () => !pids.some(processAlive), 2000);
    await h.waitFor('the assignment to be acked', async () => (await h.assignStreamMessages()) === 0);
  });

  it('does not start a trial that was stopped before it was picked up', async () => {
    const a = h.assignment(nodeTrainer(`console.log('must not run')`));
    await putStop(a.trialId, 'sweep cancelled');
    await h.publish(a);
    await h.startAgent();
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'stopped');
    assert.equal(finished.seq, 0);
    assert.deepEqual(h.of(a.trialId).map((t) => t.type), ['finished']);
    await h.waitFor('the assignment to be acked', async () => (await h.assignStreamMessages()) === 0);
  });

  it('stop() terminates running trainers and reports them stopped', async () => {
    const agent = await h.startAgent();
    const a = h.assignment(nodeTrainer(`console.log('pids ' + process.pid); setInterval(() => {}, 1000)`));
    await h.publish(a);
    const [pid] = await h.waitFor('the trainer to start', pidsOf(a.trialId));
    await agent.stop();
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'stopped');
    assert.match(finished.error ?? '', /was stopped/);
    assert.equal(processAlive(pid!), false);
    assert.equal(await h.assignStreamMessages(), 0);
  });
});
