import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { agentPresenceSchema, decodeMessage, type Telemetry } from '@anneal/protocol';
import { startAgent } from './agent.js';
import { AgentError } from './errors.js';
import { writeBrokenNvidiaSmi, writeFakeNvidiaSmi } from './fake-nvidia-smi.js';
import { Harness, nodeTrainer } from './testing.js';

const GPUS = [0, 1, 2].map((index) => ({ index, name: `Fake GPU ${index}`, memoryMiB: 16384 }));

/** Prints the GPUs it was given, then waits for the release file (if any). */
function gpuTrainer(release?: string): string[] {
  return nodeTrainer(`
    console.log('cuda=' + process.env.CUDA_VISIBLE_DEVICES + ' order=' + process.env.CUDA_DEVICE_ORDER);
    const release = ${JSON.stringify(release ?? null)};
    if (release) {
      const fs = require('node:fs');
      const t = setInterval(() => { if (fs.existsSync(release)) clearInterval(t); }, 20);
    }
  `);
}

function cudaOf(h: Harness, trialId: string): string | undefined {
  for (const t of h.of(trialId)) {
    const line = t.type === 'log' ? t.lines.find((l) => l.startsWith('cuda=')) : undefined;
    if (line !== undefined) return line.slice('cuda='.length).split(' ')[0];
  }
  return undefined;
}

function eventOf<T extends Telemetry['type']>(h: Harness, trialId: string, type: T): Extract<Telemetry, { type: T }> {
  const e = h.of(trialId).find((t) => t.type === type);
  assert.ok(e, `${type} of ${trialId}`);
  return e as Extract<Telemetry, { type: T }>;
}

describe('an agent with GPUs', () => {
  let h: Harness;
  let smi: string;
  beforeEach(async () => {
    h = await Harness.create();
    await h.readTelemetry();
    smi = await writeFakeNvidiaSmi(h.workDir, GPUS);
  });
  afterEach(async () => h.close());

  it('runs one trial per GPU, pins CUDA_VISIBLE_DEVICES, reports its GPUs and samples them', async () => {
    const agent = await h.startAgent({ gpus: 'all', slots: undefined, nvidiaSmi: smi, gpuSampleMs: 200, agentId: 'gpu-box' });
    assert.deepEqual(agent.resources().slots, 3);
    const kv = await h.js.views.kv(h.org.agentsBucket);
    const entry = await kv.get('gpu-box');
    const presence = entry === null ? null : decodeMessage(agentPresenceSchema, entry.value);
    assert.ok(presence?.ok);
    assert.equal(presence.value.slots, 3);
    assert.deepEqual(presence.value.gpus.map(({ index, name, memoryMiB, uuid }) => ({ index, name, memoryMiB, uuid })), GPUS.map((g) => ({ ...g, uuid: `GPU-fake-${g.index}` })));

    const release = join(h.workDir, 'release');
    const trials = [0, 1, 2, 3].map(() => h.assignment(gpuTrainer(release)));
    for (const a of trials) await h.publish(a);
    const first = trials.slice(0, 3).map((a) => a.trialId);
    const devices = await h.waitFor('three trials to see their GPU', () => {
      const seen = first.map((id) => cudaOf(h, id));
      return seen.every((d) => d !== undefined) ? seen : undefined;
    });
    assert.deepEqual([...devices].sort(), ['0', '1', '2']);
    assert.ok(h.of(first[0]!).some((t) => t.type === 'log' && t.lines.includes(`cuda=${devices[0]} order=PCI_BUS_ID`)));
    // The GPU readings of each trial are of its own GPU only.
    const samples = await h.waitFor('GPU samples', () => {
      const points = h.of(first[1]!).flatMap((t) => (t.type === 'metrics' ? t.points : []));
      return points.length >= 2 ? points : undefined;
    });
    const d = Number(devices[1]);
    assert.deepEqual(
      samples.filter((p) => p.step === 0).map((p) => [p.key, p.value]).sort(),
      [[`system/gpu${d}/mem_mib`, 1000 + d], [`system/gpu${d}/util`, 40 + d]].sort(),
    );
    assert.equal(h.of(trials[3]!.trialId).length, 0, 'a fourth trial waits for a GPU');
    // The presence (the agents page) carries each busy GPU's latest reading by the next heartbeat.
    const busy = await h.waitFor('GPU readings in the presence', async () => {
      const e = await kv.get('gpu-box');
      const p = e === null ? null : decodeMessage(agentPresenceSchema, e.value);
      const g = p?.ok ? p.value.gpus.find((x) => x.index === d) : undefined;
      return g?.utilization !== undefined && g.utilization !== null ? g : undefined;
    }, 12_000);
    assert.deepEqual([busy.utilization, busy.memoryUsedMiB], [40 + d, 1000 + d]);

    await writeFile(release, '');
    for (const a of trials) assert.equal((await h.finished(a.trialId)).status, 'completed');
    assert.ok(['0', '1', '2'].includes(cudaOf(h, trials[3]!.trialId)!));
  });

  it('shows the readings of idle GPUs too, on the agents page', async () => {
    // No trial runs: the readings come from the agent's own watch of its GPUs.
    await h.startAgent({ gpus: [0, 2], slots: undefined, nvidiaSmi: smi, gpuSampleMs: 200, agentId: 'idle-box' });
    const kv = await h.js.views.kv(h.org.agentsBucket);
    const gpus = await h.waitFor('idle GPU readings in the presence', async () => {
      const e = await kv.get('idle-box');
      const p = e === null ? null : decodeMessage(agentPresenceSchema, e.value);
      return p?.ok && p.value.gpus.every((g) => typeof g.utilization === 'number') ? p.value.gpus : undefined;
    }, 12_000);
    assert.deepEqual(gpus.map((g) => [g.index, g.utilization, g.memoryUsedMiB]), [[0, 40, 1000], [2, 42, 1002]]);
  });

  it('gives a trial the GPUs it asks for, first come first served', async () => {
    await h.startAgent({ gpus: [0, 1], slots: undefined, nvidiaSmi: smi });
    const release = join(h.workDir, 'release');
    const one = h.assignment(gpuTrainer(release));
    const two = h.assignment(gpuTrainer(), { resources: { gpus: 2 } });
    const later = h.assignment(gpuTrainer());
    const none = h.assignment(gpuTrainer(), { resources: { gpus: 0 } });
    for (const a of [one, two, later, none]) await h.publish(a);
    await h.waitFor('the first trial to start', () => cudaOf(h, one.trialId));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(h.of(two.trialId).length, 0, 'the two-GPU trial waits while one GPU is busy');
    assert.equal(h.of(later.trialId).length, 0, 'and nothing overtakes it');

    await writeFile(release, '');
    for (const a of [one, two, later, none]) assert.equal((await h.finished(a.trialId)).status, 'completed');
    assert.equal(cudaOf(h, two.trialId), '0,1');
    assert.ok(eventOf(h, two.trialId, 'started').at >= eventOf(h, one.trialId, 'finished').at);
    assert.ok(eventOf(h, later.trialId, 'started').at >= eventOf(h, two.trialId, 'finished').at);
    assert.equal(cudaOf(h, none.trialId), '', 'a trial that wants no GPU sees none');
    const held = (id: string) => { const e = eventOf(h, id, 'started'); return e.type === 'started' ? e.gpus : undefined; };
    assert.deepEqual([held(one.trialId), held(two.trialId), held(none.trialId)], [1, 2, 0], 'started says how many GPUs the trial holds');
  });

  it('gives back trials it could never give enough GPUs, and fails them on the last delivery', async () => {
    await h.startAgent({ gpus: [0, 1], slots: undefined, nvidiaSmi: smi });
    const tooMany = h.assignment(gpuTrainer(), { resources: { gpus: 3 } });
    await h.publish(tooMany);
    const finished = await h.finished(tooMany.trialId);
    assert.equal(finished.status, 'failed');
    assert.equal(finished.attempt, 4, 'three give-backs, then the failure');
    assert.match(finished.error ?? '', /needs 3 GPUs, but this agent has 2; no agent of this pool with enough GPUs took it in 4 deliveries/);
    assert.equal(h.of(tooMany.trialId)[0]!.type, 'started', 'started first, so ingest accepts the failure');
  });

  it('in a pool of unlike boxes, a trial runs on an agent with enough GPUs', async () => {
    await h.startAgent({ gpus: [0], slots: undefined, nvidiaSmi: smi, agentId: 'small-box' });
    await h.startAgent({ gpus: 'all', slots: undefined, nvidiaSmi: smi, agentId: 'big-box' });
    const wide = [0, 1, 2].map(() => h.assignment(gpuTrainer(), { resources: { gpus: 2 } }));
    for (const a of wide) await h.publish(a);
    for (const a of wide) {
      const finished = await h.waitFor(`finished of ${a.trialId}`, () => h.of(a.trialId).find((t) => t.type === 'finished'), 20_000);
      assert.equal(finished.type === 'finished' && finished.status, 'completed');
      assert.equal(finished.agentId, 'big-box');
      assert.equal(cudaOf(h, a.trialId)?.split(',').length, 2);
    }
  });

  it('fails a trial that asks for a GPU on a CPU-only agent', async () => {
    await h.startAgent();
    const a = h.assignment(gpuTrainer(), { resources: { gpus: 1 } });
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'failed');
    assert.match(finished.error ?? '', /needs 1 GPU, but this agent runs without GPUs \(start it with --gpus\)/);
  });

  it('gives a trial still waiting for GPUs back when it drains', async () => {
    const first = await h.startAgent({ gpus: [0], slots: undefined, nvidiaSmi: smi });
    const release = join(h.workDir, 'release');
    const running = h.assignment(gpuTrainer(release));
    const waiting = h.assignment(gpuTrainer());
    await h.publish(running);
    await h.publish(waiting);
    await h.waitFor('the first trial to start', () => cudaOf(h, running.trialId));
    await new Promise((r) => setTimeout(r, 200));
    const drained = first.drain();
    const second = await h.startAgent({ gpus: [1], slots: undefined, nvidiaSmi: smi });
    assert.equal((await h.finished(waiting.trialId)).status, 'completed');
    assert.equal(eventOf(h, waiting.trialId, 'started').agentId, second.id);
    assert.equal(cudaOf(h, waiting.trialId), '1');
    await writeFile(release, '');
    await drained;
    assert.equal((await h.finished(running.trialId)).status, 'completed');
  });

  it('refuses to start when the GPUs cannot be found or do not fit the slots', async () => {
    const base = { ...h.agentOptions(), natsUrl: 'nats://127.0.0.1:1' };
    const code = (c: string, message: RegExp) => (e: unknown) => e instanceof AgentError && e.code === c && message.test(e.message);
    await assert.rejects(startAgent({ ...base, gpus: 'all', nvidiaSmi: join(h.workDir, 'no-such-smi') }), code('NVIDIA_SMI_FAILED', /was not found/));
    await assert.rejects(startAgent({ ...base, gpus: 'all', nvidiaSmi: await writeBrokenNvidiaSmi(h.workDir) }), code('NVIDIA_SMI_FAILED', /couldn't communicate with the NVIDIA driver/));
    const none = await writeFakeNvidiaSmi(h.workDir, [], 'empty-smi');
    await assert.rejects(startAgent({ ...base, gpus: 'all', nvidiaSmi: none }), code('NO_GPUS', /lists no GPUs/));
    await assert.rejects(startAgent({ ...base, gpus: [7], nvidiaSmi: smi }), code('NO_GPUS', /no GPU 7/));
    await assert.rejects(startAgent({ ...base, gpus: [0, 1], slots: 3, nvidiaSmi: smi }), code('BAD_OPTIONS', /multiple of the GPU count/));
    // Everything checked out, so only then does it try (and here fail) to reach NATS.
    await assert.rejects(startAgent({ ...base, gpus: [0, 1], slots: 4, nvidiaSmi: smi }), code('NATS_UNREACHABLE', /cannot connect/));
  });
});
