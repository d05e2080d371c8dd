import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Harness, nodeTrainer } from './testing.js';

const TRAINER = `
for (let step = 0; step < 5; step++) {
  console.log('@anneal ' + JSON.stringify({ step, loss: 1 / (step + 1), acc: step / 10 }));
  console.log('plain line ' + step);
}
console.error('to stderr');
console.log('params=' + process.env.ANNEAL_PARAMS);
console.log('argv=' + JSON.stringify(process.argv.slice(1)));
console.log('cwd=' + process.cwd() + ' ckpt=' + process.env.ANNEAL_CHECKPOINT_DIR + ' n=' + process.env.ANNEAL_TRIAL_NUMBER);
`;

describe('a trial on the agent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
  });
  afterEach(async () => h.close());

  it('streams started, every metric once, logs and finished, then acks', async () => {
    const agent = await h.startAgent();
    const a = h.assignment(nodeTrainer(TRAINER, '--', '${args}'), { params: { 'optim.lr': 0.1, layers: 2 } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    const msgs = h.of(a.trialId);

    assert.deepEqual(msgs.map((m) => m.seq), msgs.map((_, i) => i), 'seq counts from 0 without gaps');
    for (const m of msgs) {
      assert.equal(m.leaseToken, a.leaseToken);
      assert.equal(m.attempt, 1);
      assert.equal(m.agentId, agent.id);
      assert.equal(m.sweepId, a.sweepId);
    }
    assert.equal(msgs[0]!.type, 'started');
    assert.equal(msgs.at(-1), finished);
    assert.equal(finished.status, 'completed');
    assert.equal(finished.exitCode, 0);

    const points = msgs.flatMap((m) => (m.type === 'metrics' ? m.points : []));
    const keys = points.map((p) => `${p.key}@${p.step}`).sort();
    const expected = [0, 1, 2, 3, 4].flatMap((s) => [`acc@${s}`, `loss@${s}`]).sort();
    assert.deepEqual(keys, expected);
    assert.equal(points.find((p) => p.key === 'loss' && p.step === 3)!.value, 0.25);

    const lines = msgs.flatMap((m) => (m.type === 'log' ? m.lines : []));
    for (let s = 0; s < 5; s++) assert.ok(lines.includes(`plain line ${s}`));
    assert.ok(lines.includes('to stderr'));
    assert.ok(!lines.some((l) => l.startsWith('@anneal')), 'reports are not logged');
    assert.ok(lines.includes('params={"optim":{"lr":0.1},"layers":2}'));
    assert.ok(lines.includes('argv=["--optim.lr=0.1","--layers=2"]'));
    const where = lines.find((l) => l.startsWith('cwd='))!;
    assert.match(where, new RegExp(`cwd=${h.workDir}/trials/${a.trialId} ckpt=${h.workDir}/trials/${a.trialId}/checkpoints n=${a.number}`));
    assert.ok(finished.logTail.includes(where));

    await h.waitFor('the assignment to be acked', () => assignStreamEmpty(h));
    // The slot is released once the trial's run settles, a moment after its ack (a loaded CI saw it still listed).
    await h.waitFor('the trial to leave the running list', () => agent.running().length === 0);
  });

  it('runs ${interpreter} ${program} ${args}, finding a relative program where the agent started', async () => {
    await h.startAgent({ interpreter: 'node' });
    const script = join(h.workDir, 'train.js');
    await writeFile(script, `console.log('@anneal {"score": 1}'); console.log(JSON.stringify(process.argv.slice(2)));`);
    const a = h.assignment(['${env}', '${interpreter}', '${program}', '${args}'], {
      trainer: { type: 'command', command: ['${env}', '${interpreter}', '${program}', '${args}'], program: relative(process.cwd(), script) },
      params: { batch: 32, name: 'run a' },
    });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    assert.deepEqual(finished.logTail, ['["--batch=32","--name=run a"]']);
    assert.ok(h.of(a.trialId).some((t) => t.type === 'metrics' && t.points[0]!.key === 'score'));
  });

  it("gives the trainer the sweep's env on top of the allowlist, never over the trial's own variables", async () => {
    await h.startAgent();
    const a = h.assignment(nodeTrainer('console.log([process.env.WANDB_MODE, process.env.OMP_NUM_THREADS, process.env.ANNEAL_TRIAL_ID].join(" "))'), {
      env: { WANDB_MODE: 'offline', OMP_NUM_THREADS: '4' },
    });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    assert.deepEqual(finished.logTail, [`offline 4 ${a.trialId}`]);
  });

  it('reports a non-zero exit as failed with the log tail', async () => {
    await h.startAgent();
    const a = h.assignment(nodeTrainer(`console.log('about to fail'); console.error('CUDA out of memory'); process.exit(3)`));
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.equal(finished.exitCode, 3);
    assert.equal(finished.error, 'exit code 3');
    assert.deepEqual([...finished.logTail].sort(), ['CUDA out of memory', 'about to fail']);
    await h.waitFor('the assignment to be acked', () => assignStreamEmpty(h));
  });

  it('reports a trainer killed by a signal', async () => {
    await h.startAgent();
    const a = h.assignment(nodeTrainer(`process.kill(process.pid, 'SIGSEGV')`));
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.equal(finished.error, 'killed by SIGSEGV');
  });

  it('names an executable that does not exist', async () => {
    await h.startAgent();
    const a = h.assignment(['anneal-no-such-trainer', '${args}'], { params: { a: 1 } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.equal(finished.exitCode, null);
    assert.match(finished.error ?? '', /anneal-no-such-trainer.*not found/);
    await h.waitFor('the assignment to be acked', () => assignStreamEmpty(h));
  });

  it('fails a trial whose command cannot be expanded', async () => {
    await h.startAgent();
    const a = h.assignment(['${args}']);
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.match(finished.error ?? '', /expands to no executable/);
  });

  it('terms a malformed assignment and goes on with the next', async () => {
    await h.startAgent({ slots: 1 });
    await h.publishRaw('{"v":1,"trialId":"not-a-uuid"}');
    await h.publishRaw('not json at all');
    const a = h.assignment(nodeTrainer(`console.log('fine')`));
    await h.publish(a);
    assert.equal((await h.finished(a.trialId)).status, 'completed');
    const jsm = await h.nc.jetstreamManager();
    const info = await jsm.consumers.info(h.names.assignStream, h.org.assignConsumer(h.pool));
    // Three deliveries, none of them a redelivery: the malformed ones were not retried.
    assert.equal(info.delivered.consumer_seq, 3);
    assert.equal(info.num_redelivered, 0);
    assert.equal(info.num_pending, 0);
    assert.equal(h.telemetry.every((t) => t.trialId === a.trialId), true);
  });
});

async function assignStreamEmpty(h: Harness): Promise<boolean> {
  return (await h.assignStreamMessages()) === 0;
}
