import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLiveStack, type LiveStack } from './support/live-stack.js';

let live: LiveStack;
before(async () => { live = await startLiveStack('fail', 1, 3); });
after(async () => { await live?.close(); });

/** Crashes for half of the space, every time: those trials must fail alone, not the sweep. */
const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
console.log('loading shard ' + p.x);
if (p.x < 0.5) { console.error('RuntimeError: CUDA error: an illegal memory access was encountered'); process.exit(3); }
console.log('@anneal ' + JSON.stringify({ step: 0, loss: (p.x - 0.7) ** 2 }));
`;

test('a trainer that crashes every time ends those trials FAILED with its output, and the bayes sweep goes on', async () => {
  const { gql } = live;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "crashy"}) { id } }');
  const config = JSON.stringify({
    method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { distribution: 'uniform', min: 0, max: 1 } },
    command: ['node', '-e', TRAINER], run_cap: 14, max_concurrent: 3,
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  type View = { sweep: { status: string; bestTrial: { objective: number } | null; trials: { edges: Array<{ node: { status: string; params: { x: number }; error: string | null; logTail: string | null } }> } } };
  let view: View;
  const deadline = Date.now() + 90_000;
  do {
    await new Promise((r) => setTimeout(r, 250));
    view = await gql<View>(`{ sweep(id: "${createSweep.id}") { status bestTrial { objective } trials(first: 50) { edges { node { status params error logTail } } } } }`);
  } while (view.sweep.status !== 'COMPLETED' && Date.now() < deadline);
  assert.equal(view.sweep.status, 'COMPLETED');
  const trials = view.sweep.trials.edges.map((e) => e.node);
  assert.equal(trials.length, 14, 'run_cap trials, failures included');
  for (const t of trials) {
    if (t.params.x < 0.5) {
      assert.equal(t.status, 'FAILED');
      assert.equal(t.error, 'exit code 3');
      assert.match(t.logTail ?? '', /illegal memory access/);
    } else {
      assert.equal(t.status, 'COMPLETED');
    }
  }
  assert.ok(trials.some((t) => t.status === 'COMPLETED'), 'the searcher moved to the half that works');
  assert.ok((view.sweep.bestTrial?.objective ?? 1) < 0.02, `best loss ${view.sweep.bestTrial?.objective}`);
});
