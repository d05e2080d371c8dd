import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnAgent, type AgentProcess } from './support/agent-process.js';
import { agentTokenFile, createSweep, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

/**
 * A GPU budget, live: a real agent with one (stand-in) GPU shared by 2 slots reports each trial
 * holding half a GPU, trials run ~2 s, and a budget of 2.5 GPU-seconds' worth of GPU-hours
 * lets only the first trials start; the sweep ends saying why.
 */
let live: LiveStack;
let agent: AgentProcess;

/** Answers the agent's GPU list query with one GPU; the agent runs it instead of NVIDIA's tool. */
const FAKE_SMI = `#!/bin/sh
case "$*" in
  *index,name,memory.total,uuid*) echo "0, Stand-in GPU, 16384, GPU-standin-0" ;;
  *) for i in 0; do echo "$i, 50, 1000"; done ;;
esac
`;

before(async () => {
  live = await startLiveStack('budget', 0, 1);
  const dir = join(live.home, 'gpu-agent');
  mkdirSync(dir, { recursive: true });
  const smi = join(dir, 'nvidia-smi');
  writeFileSync(smi, FAKE_SMI);
  chmodSync(smi, 0o755);
  agent = await spawnAgent({
    server: live.stack.apiUrl, tokenFile: (await agentTokenFile(live)).file, workDir: join(dir, 'work'), home: live.home,
    slots: 2, args: ['--gpus', '0', '--nvidia-smi', smi],
  });
});
after(async () => {
  if (agent?.proc.exitCode === null) {
    agent.proc.kill('SIGTERM');
    await agent.exited;
  }
  await live?.close();
});

const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
setTimeout(() => console.log('@anneal ' + JSON.stringify({ step: 0, loss: (p.x - 0.3) ** 2 })), 2000);
`;

test('a GPU budget stops a live sweep from starting trials once spent, and it ends with the reason', async () => {
  // Each trial holds half the GPU for about 2 s: about 1/3600 GPU-hours. The budget is a bit over
  // two trials' worth, so after the first two finish there is room for one more at most.
  const budget = 2.5 / 3600;
  const id = await createSweep(live, {
    method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { distribution: 'uniform', min: 0, max: 1 } },
    command: ['node', '-e', TRAINER], max_concurrent: 2, run_cap: 20, budget: { gpu_hours: budget },
  });
  assert.equal(await waitForSweep(live, id, 120_000), 'COMPLETED');
  type View = { sweep: { statusReason: string | null; spend: { gpuHours: number; trials: number }; trials: { edges: Array<{ node: { gpus: number | null; gpuHours: number | null } }> } } };
  const v = await live.gql<View>(`{ sweep(id: "${id}") { statusReason spend { gpuHours trials } trials(first: 50) { edges { node { gpus gpuHours } } } } }`);
  const trials = v.sweep.trials.edges.map((e) => e.node);
  assert.ok(trials.length >= 2 && trials.length <= 4, `${trials.length} trials ran of a run_cap of 20`);
  assert.ok(trials.every((t) => t.gpus === 0.5), `each trial held half the GPU: ${JSON.stringify(trials)}`);
  // It stops once the rest would not pay for another trial of the typical cost, not only once spent out.
  const typical = Math.max(...trials.map((t) => t.gpuHours ?? 0));
  assert.ok(v.sweep.spend.gpuHours > budget - 1.5 * typical && v.sweep.spend.gpuHours < budget + 2 * typical, `spent ${v.sweep.spend.gpuHours} of ${budget}`);
  assert.match(v.sweep.statusReason ?? '', /^GPU budget reached: /);
});
