import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLiveStack, type LiveStack } from './support/live-stack.js';

/** Loss curves that never cross: a trial's rank at any step is its rank at the end. */
const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
let step = 0;
const tick = () => {
  console.log('@anneal ' + JSON.stringify({ step, loss: p.x + 1 / (step + 1) }));
  if (++step < 12) setTimeout(tick, 150);
};
tick();
process.on('SIGTERM', () => { console.log('stopping at step ' + step); process.exit(0); });
`;

let live: LiveStack;
before(async () => { live = await startLiveStack('stop', 1, 4); });
after(async () => { await live?.close(); });

test('a live sweep with ASHA stops poor trials on their agent, with the evidence stored', async () => {
  const { gql } = live;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "asha"}) { id } }');
  const config = JSON.stringify({
    method: 'grid', metric: { name: 'loss', goal: 'minimize' },
    parameters: { x: { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] } },
    early_terminate: { type: 'asha', min_iter: 2, eta: 2 },
    command: ['node', '-e', TRAINER], max_concurrent: 4,
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  type View = { sweep: { status: string; decisions: Array<{ trialNumber: number; data: { decision: string; evidence: Record<string, unknown> } }>;
    trials: { edges: Array<{ node: { number: number; status: string; params: { x: number }; events: Array<{ type: string }>; metrics: Array<{ points: Array<{ step: number }> }> } }> } } };
  let view: View;
  const deadline = Date.now() + 90_000;
  do {
    await new Promise((r) => setTimeout(r, 300));
    view = await gql<View>(`{ sweep(id: "${createSweep.id}") { status decisions { trialNumber data }
      trials(first: 20) { edges { node { number status params events { type } metrics(keys: ["loss"]) { points { step } } } } } } }`);
  } while (view.sweep.status !== 'COMPLETED' && Date.now() < deadline);
  assert.equal(view.sweep.status, 'COMPLETED', await live.diagnose(createSweep.id));
  const trials = view.sweep.trials.edges.map((e) => e.node);
  const pruned = trials.filter((t) => t.status === 'PRUNED');
  assert.ok(pruned.length >= 3, `ASHA stopped ${pruned.length} of 12`);
  assert.equal(trials.find((t) => t.params.x === 1)?.status, 'COMPLETED', 'the best trial runs to the end');
  for (const t of pruned) {
    const decision = view.sweep.decisions.find((d) => d.trialNumber === t.number);
    assert.ok(decision, `trial ${t.number} has its stop decision`);
    assert.equal(decision.data.decision, 'stop');
    assert.ok(decision.data.evidence.rule, 'the evidence names the rule');
    assert.ok(Math.max(...t.metrics[0]!.points.map((p) => p.step)) < 11, `trial ${t.number} really stopped before the end`);
  }
});
