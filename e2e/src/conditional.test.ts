import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSweep, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

/** A conditional space, live: each trainer gets exactly the parameters its choices switch on. */
let live: LiveStack;
before(async () => { live = await startLiveStack('cond', 1, 2); });
after(async () => { await live?.close(); });

// Exits 2 when it sees a parameter that should not be there (or misses one that should).
const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
const want = p.optimizer === 'sgd' ? ['lr', 'momentum', 'optimizer'] : ['beta1', 'lr', 'optimizer'];
const got = Object.keys(p).sort();
if (JSON.stringify(got) !== JSON.stringify(want)) { console.error('wrong params ' + JSON.stringify(got)); process.exit(2); }
const loss = p.optimizer === 'sgd' ? (p.momentum - 0.9) ** 2 + Math.abs(Math.log10(p.lr) + 2) : 0.2 + (p.beta1 - 0.8) ** 2;
console.log('@anneal ' + JSON.stringify({ step: 0, loss }));
`;

test('a sweep with when: conditions hands each trainer only its active parameters', async () => {
  const id = await createSweep(live, {
    method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, command: ['node', '-e', TRAINER], run_cap: 12, max_concurrent: 2,
    parameters: {
      optimizer: { values: ['sgd', 'adam'] },
      lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 },
      momentum: { distribution: 'uniform', min: 0, max: 0.99, when: { parameter: 'optimizer', value: 'sgd' } },
      beta1: { distribution: 'uniform', min: 0.5, max: 0.99, when: { parameter: 'optimizer', value: 'adam' } },
    },
  });
  assert.equal(await waitForSweep(live, id, 120_000), 'COMPLETED');
  type View = { sweep: { trials: { edges: Array<{ node: { status: string; error: string | null; params: Record<string, unknown> } }> } } };
  const v = await live.gql<View>(`{ sweep(id: "${id}") { trials(first: 50) { edges { node { status error params } } } } }`);
  const trials = v.sweep.trials.edges.map((e) => e.node);
  assert.equal(trials.length, 12);
  for (const t of trials) {
    assert.equal(t.status, 'COMPLETED', `trial with ${JSON.stringify(t.params)}: ${t.error}`);
    assert.equal('momentum' in t.params, t.params.optimizer === 'sgd');
    assert.equal('beta1' in t.params, t.params.optimizer === 'adam');
  }
  assert.ok(new Set(trials.map((t) => t.params.optimizer)).size === 2, 'both branches were tried');
});
