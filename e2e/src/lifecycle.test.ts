import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLiveStack, type LiveStack } from './support/live-stack.js';

/** How sweeps and trials end on a real stack with a real agent: FAILED with its reason, and a person's stop told apart. */

let live: LiveStack;
before(async () => { live = await startLiveStack('life', 1, 2); });
after(async () => { await live?.close(); });

interface View {
  sweep: {
    status: string; statusReason: string | null;
    trialCounts: { queued: number; running: number; completed: number; pruned: number; stopped: number; failed: number; total: number };
    trials: { edges: Array<{ node: { number: number; status: string; error: string | null } }> };
  };
}
const VIEW = `query($id: ID!) { sweep(id: $id) { status statusReason trialCounts { queued running completed pruned stopped failed total }
  trials(first: 50, orderBy: NUMBER) { edges { node { number status error } } } } }`;

async function createSweep(name: string, config: object): Promise<string> {
  const { createProject } = await live.gql<{ createProject: { id: string } }>('mutation($n: String!) { createProject(input: {name: $n}) { id } }', { n: name });
  const { createSweep: s } = await live.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
    i: { projectId: createProject.id, config: JSON.stringify(config) },
  });
  return s.id;
}

async function waitForView(id: string, done: (v: View) => boolean, timeoutMs = 60_000): Promise<View> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await live.gql<View>(VIEW, { id });
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last view: ${JSON.stringify(v.sweep)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a sweep whose trials all crash ends FAILED, saying why', async () => {
  const id = await createSweep('all-crash', {
    method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1, 2, 3] } }, max_concurrent: 2,
    command: ['node', '-e', "console.error('CUDA out of memory'); process.exit(3)"],
  });
  const v = await waitForView(id, (x) => !['PENDING', 'RUNNING'].includes(x.sweep.status));
  assert.equal(v.sweep.status, 'FAILED');
  assert.equal(v.sweep.trialCounts.failed, 3);
  assert.match(v.sweep.statusReason ?? '', /^all 3 trials failed; last errors: trial \d: exit code 3$/, 'one distinct error, quoted once');
});

test('a missing program fails its trials with the absolute path that was tried, and the sweep FAILED with it', async () => {
  const id = await createSweep('missing-program', {
    method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1] } },
    program: 'no-such-dir/train.mjs', command: ['node', '${program}', '${args}'],
  });
  const v = await waitForView(id, (x) => !['PENDING', 'RUNNING'].includes(x.sweep.status));
  assert.equal(v.sweep.status, 'FAILED');
  // The local agent was started in this process's directory: relative programs resolve there.
  const tried = join(process.cwd(), 'no-such-dir/train.mjs');
  assert.ok(v.sweep.trials.edges[0]!.node.error?.includes(`tried ${tried}`), v.sweep.trials.edges[0]!.node.error ?? 'no error');
  assert.ok(v.sweep.statusReason?.includes(`tried ${tried}`), v.sweep.statusReason ?? 'no reason');
});

test("a person's stop ends the running trials STOPPED, not PRUNED", async () => {
  const id = await createSweep('stopped-by-hand', {
    method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1, 2, 3, 4] } }, max_concurrent: 2,
    command: ['node', '-e', "let s = 0; setInterval(() => console.log('@anneal ' + JSON.stringify({ step: s++, loss: 1 / s })), 100)"],
  });
  await waitForView(id, (x) => x.sweep.trialCounts.running === 2);
  const { stopSweep } = await live.gql<{ stopSweep: { status: string; statusReason: string } }>('mutation($id: ID!) { stopSweep(id: $id) { status statusReason } }', { id });
  assert.equal(stopSweep.status, 'STOPPED');
  assert.match(stopSweep.statusReason, /^stopped by /);
  const v = await waitForView(id, (x) => x.sweep.trialCounts.running === 0 && x.sweep.trialCounts.queued === 0, 30_000);
  assert.deepEqual(v.sweep.trialCounts, { queued: 0, running: 0, completed: 0, pruned: 0, stopped: 2, failed: 0, total: 2 });
  for (const { node } of v.sweep.trials.edges) assert.equal(node.error, 'stopped: sweep stopped', `trial ${node.number}`);
});
