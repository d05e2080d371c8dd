import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ensurePoolConsumer, type Telemetry } from '@anneal/protocol';
import { packDirectory, unpackArchive } from './archive.js';
import { CheckpointStore } from './checkpoint-store.js';
import { Harness, nodeTrainer } from './testing.js';

/** Writes `weights.txt` = "step S" and reports a checkpoint, for each step given, then exits. */
function checkpointingTrainer(...steps: number[]): string[] {
  return nodeTrainer(`
    const fs = require('node:fs'); const path = require('node:path');
    const dir = process.env.ANNEAL_CHECKPOINT_DIR;
    const steps = ${JSON.stringify(steps)};
    (async () => {
      for (const step of steps) {
        console.log('@anneal ' + JSON.stringify({ step, loss: 1 / (step + 1) }));
        fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'sub', 'weights.txt'), 'step ' + step);
        console.log('@anneal ' + JSON.stringify({ checkpoint: true, step }));
        // Give the agent time to pack this one before the next overwrites it.
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
  `);
}

/** Prints what it was asked to restore and what it found there. */
const RESTORE_READER = nodeTrainer(`
  const fs = require('node:fs'); const path = require('node:path');
  const dir = process.env.ANNEAL_RESTORE_DIR;
  const content = dir ? fs.readFileSync(path.join(dir, 'sub', 'weights.txt'), 'utf8') : 'none';
  console.log('restored=' + (process.env.ANNEAL_RESTORE_STEP ?? 'none') + ' content=' + content);
`);

function restoredLine(h: Harness, trialId: string): string | undefined {
  return h.of(trialId).flatMap((t) => (t.type === 'log' ? t.lines : [])).find((l) => l.startsWith('restored='));
}

describe('checkpoints', () => {
  let h: Harness;
  let store: CheckpointStore;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
    store = new CheckpointStore(h.js, h.org.checkpointsStore);
  });
  afterEach(async () => h.close());

  async function runParent(...steps: number[]): Promise<string> {
    const parent = h.assignment(checkpointingTrainer(...steps));
    await h.publish(parent);
    assert.equal((await h.finished(parent.trialId)).status, 'completed');
    return parent.trialId;
  }

  it('keeps checkpoints in the sweep\'s checkpoint_store directory instead of NATS, and restores from there', async () => {
    await h.startAgent();
    const shared = await mkdtemp(join(h.workDir, 'shared-'));
    const parent = h.assignment(checkpointingTrainer(2, 5), { checkpointStore: { path: shared } });
    await h.publish(parent);
    assert.equal((await h.finished(parent.trialId)).status, 'completed');
    assert.deepEqual((await readdir(join(shared, parent.trialId))).sort(), ['2.tar', '5.tar']);
    assert.equal(await store.find(parent.trialId), null, 'nothing went to the object store');

    const child = h.assignment(RESTORE_READER, { checkpointStore: { path: shared }, restore: { trialId: parent.trialId, step: 4 } });
    await h.publish(child);
    assert.equal((await h.finished(child.trialId)).status, 'completed');
    assert.equal(restoredLine(h, child.trialId), 'restored=2 content=step 2');
  });

  it('stores each reported checkpoint as it was, and reports it before finishing', async () => {
    await h.startAgent();
    const trialId = await runParent(3, 6);
    const msgs = h.of(trialId);
    const checkpoints = msgs.filter((t): t is Extract<Telemetry, { type: 'checkpoint' }> => t.type === 'checkpoint');
    assert.deepEqual(checkpoints.map((c) => [c.step, c.key]), [[3, `${trialId}/3`], [6, `${trialId}/6`]]);
    assert.ok(checkpoints.every((c) => c.bytes > 0));
    assert.equal(msgs.at(-1)!.type, 'finished');

    const tmp = await mkdtemp(join(h.workDir, 'check-'));
    await store.get(`${trialId}/3`, join(tmp, 'a.tar'));
    await mkdir(join(tmp, 'out'));
    await unpackArchive(join(tmp, 'a.tar'), join(tmp, 'out'));
    assert.equal(await readFile(join(tmp, 'out', 'sub', 'weights.txt'), 'utf8'), 'step 3');
  });

  it('restores the latest checkpoint at or before the assigned step into ANNEAL_RESTORE_DIR', async () => {
    await h.startAgent();
    const parent = await runParent(3, 6);
    const between = h.assignment(RESTORE_READER, { restore: { trialId: parent, step: 5 } });
    const exact = h.assignment(RESTORE_READER, { restore: { trialId: parent, step: 6 } });
    await h.publish(between);
    await h.publish(exact);
    assert.equal((await h.finished(between.trialId)).status, 'completed');
    assert.equal((await h.finished(exact.trialId)).status, 'completed');
    assert.equal(restoredLine(h, between.trialId), 'restored=3 content=step 3');
    assert.equal(restoredLine(h, exact.trialId), 'restored=6 content=step 6');
    const note = h.of(between.trialId).flatMap((t) => (t.type === 'log' ? t.lines : [])).find((l) => l.startsWith('[anneal-agent]'));
    assert.match(note ?? '', /starting from the assigned checkpoint: .*\/3/);
  });

  it('fails a trial whose checkpoint cannot be found', async () => {
    await h.startAgent();
    const missing = randomUUID();
    const a = h.assignment(RESTORE_READER, { restore: { trialId: missing, step: 2 } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.equal(finished.error, `cannot prepare trial: trial ${missing} has no stored checkpoint at or before step 2`);
  });

  it("resumes a redelivered trial from its own latest checkpoint", async () => {
    const a = h.assignment(RESTORE_READER, { restore: { trialId: randomUUID(), step: 1 } });
    // What an agent that died after checkpointing step 7 left behind.
    const dir = await mkdtemp(join(h.workDir, 'own-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'weights.txt'), 'step 7');
    await packDirectory(dir, join(h.workDir, 'own.tar'));
    await store.put(a.trialId, 7, join(h.workDir, 'own.tar'));
    await h.publish(a);
    // The first delivery goes to an "agent" that never finishes it.
    const consumer = await h.js.consumers.get(h.names.assignStream, await ensurePoolConsumer(h.nc, h.names, h.org, h.pool));
    const first = await consumer.next({ expires: 2000 });
    assert.ok(first);
    first.nak();

    await h.startAgent();
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    assert.equal(finished.attempt, 2);
    assert.equal(restoredLine(h, a.trialId), 'restored=7 content=step 7');
  });
});
