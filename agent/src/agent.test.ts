import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { agentPresenceSchema, decodeMessage } from '@anneal/protocol';
import { AgentError } from './errors.js';
import { Harness, nodeTrainer } from './testing.js';
import { startAgent } from './agent.js';

/** A trainer that waits until the test creates its release file. */
function waiting(release: string): string[] {
  return nodeTrainer(`
    const fs = require('node:fs');
    console.log('waiting');
    const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(release)})) { clearInterval(t); console.log('released'); } }, 20);
  `);
}

describe('the agent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
  });
  afterEach(async () => h.close());

  it('runs as many trials at once as it has slots, and no more', async () => {
    const agent = await h.startAgent({ slots: 2 });
    const release = join(h.workDir, 'release');
    const trials = [0, 1, 2].map(() => h.assignment(waiting(release)));
    for (const a of trials) await h.publish(a);
    const started = (): string[] => h.telemetry.filter((t) => t.type === 'started').map((t) => t.trialId);
    await h.waitFor('two trials to start', () => started().length === 2);
    // Give a third one every chance to start if the agent were to over-pull.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(started().length, 2);
    assert.deepEqual(agent.running().sort(), started().sort());
    assert.deepEqual(started().sort(), trials.slice(0, 2).map((a) => a.trialId).sort(), 'assignments are taken in order');

    await writeFile(release, '');
    for (const a of trials) assert.equal((await h.finished(a.trialId)).status, 'completed');
    const third = trials[2]!.trialId;
    const thirdStarted = h.of(third).find((t) => t.type === 'started')!;
    const firstFinishedAt = Math.min(
      ...trials.slice(0, 2).map((a) => {
        const f = h.of(a.trialId).find((t) => t.type === 'finished');
        return f?.type === 'finished' ? f.at : Infinity;
      }),
    );
    assert.ok(thirdStarted.type === 'started' && thirdStarted.at >= firstFinishedAt, 'the third waited for a free slot');
  });

  it('keeps a presence entry while it runs and removes it when drained', async () => {
    const agent = await h.startAgent({ slots: 3, agentId: 'box-1' });
    const kv = await h.js.views.kv(h.org.agentsBucket);
    const release = join(h.workDir, 'release');
    const a = h.assignment(waiting(release));
    await h.publish(a);
    const presence = await h.waitFor('presence to list the trial', async () => {
      const entry = await kv.get('box-1');
      const decoded = entry?.operation === 'PUT' ? decodeMessage(agentPresenceSchema, entry.value) : undefined;
      return decoded?.ok && decoded.value.running.includes(a.trialId) ? decoded.value : undefined;
    });
    assert.equal(presence.id, 'box-1');
    assert.equal(presence.organizationId, h.organizationId);
    assert.equal(presence.pool, 'gpu');
    assert.equal(presence.slots, 3);
    assert.equal(presence.version, '0.1.0');
    assert.deepEqual(presence.gpus, []);

    // drain() waits for the running trial to finish on its own.
    let drained = false;
    const draining = agent.drain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(drained, false);
    await writeFile(release, '');
    await draining;
    assert.equal((await h.finished(a.trialId)).status, 'completed');
    assert.equal(h.of(a.trialId).at(-1)?.type, 'finished');
    const entry = await kv.get('box-1');
    assert.ok(entry === null || entry.operation !== 'PUT', 'presence entry removed');

    // A drained agent takes no more work.
    const b = h.assignment(nodeTrainer(`console.log('late')`));
    await h.publish(b);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(h.of(b.trialId), []);
  });

  it('refuses bad options and unreachable NATS with typed errors', async () => {
    const base = { ...h.agentOptions(), slots: 1 };
    await assert.rejects(startAgent({ ...base, natsUrl: 'nats://127.0.0.1:1' }), (e: unknown) => e instanceof AgentError && e.code === 'NATS_UNREACHABLE');
    await assert.rejects(startAgent({ ...base, natsUrl: 'x', slots: 0 }), (e: unknown) => e instanceof AgentError && e.code === 'BAD_OPTIONS');
    await assert.rejects(startAgent({ ...base, natsUrl: 'x', pool: 'a.b' }), (e: unknown) => e instanceof AgentError && e.code === 'BAD_OPTIONS');
  });
});
