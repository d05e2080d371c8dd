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
