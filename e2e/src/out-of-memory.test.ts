import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSweep, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

let live: LiveStack;
before(async () => { live = await startLiveStack('oom', 1, 2); });
after(async () => { await live?.close(); });

const OOM_LINE = 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB';
/**
 * A stand-in fine-tuning run: memory grows with batch_size × seq_len, and past 16384 tokens per
 * step (44% of the space) it dies the way PyTorch does. The loss is best at 4096 tokens, well
 * inside the part that fits, so a searcher that learns the region has no reason to go back.
 */
const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
const tokens = p.batch_size * p.seq_len;
console.log('tokens per step ' + tokens);
if (tokens > 16384) {
  console.error('Traceback (most recent call last):');
  console.error(${JSON.stringify(OOM_LINE)});
  process.exit(1);
}
console.log('@anneal ' + JSON.stringify({ step: 0, loss: Math.log(tokens / 4096) ** 2 }));
`;

type TrialNode = { number: number; status: string; params: { batch_size: number; seq_len: number }; infeasible: { reason: string; evidence: string } | null; events: Array<{ type: string; data: Record<string, unknown> }> };

test('out-of-memory trials end FAILED and infeasible with the log line as evidence, and bayes learns to avoid them', async () => {
  const id = await createSweep(live, {
    method: 'bayes', metric: { name: 'loss', goal: 'minimize' },
    parameters: { batch_size: { distribution: 'int_uniform', min: 1, max: 64 }, seq_len: { distribution: 'int_uniform', min: 64, max: 1024 } },
    command: ['node', '-e', TRAINER], run_cap: 14, max_concurrent: 2,
  });
  assert.equal(await waitForSweep(live, id, 180_000), 'COMPLETED');
  const v = await live.gql<{ sweep: { trials: { edges: Array<{ node: TrialNode }> } } }>(
    `{ sweep(id: "${id}") { trials(first: 50, orderBy: NUMBER) { edges { node { number status params infeasible { reason evidence } events { type data } } } } } }`,
  );
  const trials = v.sweep.trials.edges.map((e) => e.node).sort((a, b) => a.number - b.number);
  assert.equal(trials.length, 14);
  const tooBig = (t: TrialNode) => t.params.batch_size * t.params.seq_len > 16384;
  for (const t of trials) {
    if (tooBig(t)) {
      assert.equal(t.status, 'FAILED', `trial ${t.number}`);
      assert.deepEqual(t.infeasible, { reason: 'OUT_OF_MEMORY', evidence: OOM_LINE });
      const event = t.events.find((e) => e.type === 'infeasible');
      assert.equal(event?.data.evidence, OOM_LINE, `trial ${t.number} records why, with the line`);
    } else {
      assert.equal(t.status, 'COMPLETED', `trial ${t.number}`);
      assert.equal(t.infeasible, null);
    }
  }
  // The first half holds the space-filling design (4 trials), which knows nothing of the region;
  // the second half is all model. Fewer-or-equal rather than fewer: the design may get lucky.
  const infeasibleIn = (ts: TrialNode[]) => ts.filter(tooBig).length;
  const [first, second] = [infeasibleIn(trials.slice(0, 7)), infeasibleIn(trials.slice(7))];
  console.log(`infeasible trials: ${first} of the first 7, ${second} of the last 7`);
  assert.ok(second <= first, `bayes proposed ${second} infeasible trials in the second half against ${first} in the first`);
  assert.ok(second <= 2, `${second} of the last 7 ran out of memory; random search would average 3`);
});

/** Says so itself, and exits 0: the trial COMPLETES yet is infeasible, and the line is no metric. */
const SELF_REPORTING_TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
if (p.x < 0.5) { console.log('@anneal {"infeasible": true}'); process.exit(0); }
console.log('@anneal ' + JSON.stringify({ step: 0, loss: p.x }));
`;

test("a trainer's own @anneal infeasible line marks its trial infeasible, with that line as evidence and no metric from it", async () => {
  const id = await createSweep(live, {
    method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [0.25, 0.75] } },
    command: ['node', '-e', SELF_REPORTING_TRAINER], max_concurrent: 2,
  });
  assert.equal(await waitForSweep(live, id, 60_000), 'COMPLETED');
  type Node = { status: string; params: { x: number }; objective: number | null; infeasible: { reason: string; evidence: string } | null; metricKeys: Array<{ key: string }> };
  const v = await live.gql<{ sweep: { trialCounts: { infeasible: number }; trials: { edges: Array<{ node: Node }> } } }>(
    `{ sweep(id: "${id}") { trialCounts { infeasible } trials(first: 10, orderBy: NUMBER) { edges { node { status params objective infeasible { reason evidence } metricKeys { key } } } } } }`,
  );
  const byX = new Map(v.sweep.trials.edges.map(({ node }) => [node.params.x, node]));
  const said = byX.get(0.25)!;
  assert.equal(said.status, 'COMPLETED');
  assert.deepEqual(said.infeasible, { reason: 'TRAINER', evidence: '@anneal {"infeasible": true}' });
  assert.deepEqual(said.metricKeys.filter((k) => !k.key.startsWith('system/')), [], 'the infeasible line reported no metric');
  assert.equal(byX.get(0.75)!.infeasible, null);
  assert.equal(v.sweep.trialCounts.infeasible, 1);
});
