import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ANNEAL_BIN } from './support/agent-process.js';
import { createSweep, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

/**
 * A multi-objective sweep, live: a real agent runs `node -e` trainers that trade quality for
 * time (the closer x is to 0.8 the lower the loss, and the longer it runs). wall_seconds is a
 * system metric the trainer never reports; the scheduler measures it and tells the searcher.
 */
let live: LiveStack;

before(async () => { live = await startLiveStack('multiobj', 1, 2); });
after(async () => { await live?.close(); });

const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
setTimeout(() => console.log('@anneal ' + JSON.stringify({ step: 0, loss: (p.x - 0.8) ** 2 })), 100 + 900 * p.x);
`;

interface TrialView { number: number; status: string; objectives: (number | null)[] | null }

/** a is at least as good on both (minimized) objectives and better on one. */
const dominates = (a: readonly number[], b: readonly number[]) => a.every((v, i) => v <= b[i]!) && a.some((v, i) => v < b[i]!);

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ANNEAL_BIN, '--server', live.stack.apiUrl, '--token', live.stack.createdAdminKey!, ...args], (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

test('a live bayes sweep over loss and wall_seconds completes with a non-dominated front over GraphQL and in the CLI', async () => {
  const id = await createSweep(live, {
    method: 'bayes', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'wall_seconds', goal: 'minimize' }],
    parameters: { x: { distribution: 'uniform', min: 0, max: 1 } },
    command: ['node', '-e', TRAINER], max_concurrent: 2, run_cap: 12,
  });
  assert.equal(await waitForSweep(live, id, 240_000), 'COMPLETED');
  type View = { sweep: { objectives: Array<{ name: string; goal: string }>; paretoFront: TrialView[]; trials: { edges: Array<{ node: TrialView }> } } };
  const v = await live.gql<View>(`{ sweep(id: "${id}") { objectives { name goal } paretoFront { number status objectives }
    trials(first: 50, orderBy: PARETO) { edges { node { number status objectives } } } } }`);
  assert.deepEqual(v.sweep.objectives, [{ name: 'loss', goal: 'minimize' }, { name: 'wall_seconds', goal: 'minimize' }]);
  const trials = v.sweep.trials.edges.map((e) => e.node);
  assert.equal(trials.length, 12);
  const completed = trials.filter((t) => t.status === 'COMPLETED');
  assert.ok(completed.length >= 10, `${completed.length} of 12 completed`);
  for (const t of completed) {
    assert.ok(t.objectives?.length === 2 && t.objectives.every((x) => typeof x === 'number'), `trial ${t.number} has both objectives: ${JSON.stringify(t.objectives)}`);
    assert.ok(t.objectives[1]! > 0, 'wall_seconds is measured');
  }
  const front = v.sweep.paretoFront;
  assert.ok(front.length > 0, 'a non-empty front');
  for (const f of front) {
    const beaten = completed.find((t) => dominates(t.objectives as number[], f.objectives as number[]));
    assert.equal(beaten, undefined, `front trial ${f.number} ${JSON.stringify(f.objectives)} is dominated by ${JSON.stringify(beaten)}`);
  }
  assert.deepEqual(trials.slice(0, front.length).map((t) => t.number).sort(), front.map((t) => t.number).sort(), 'the Pareto leaderboard starts with the front');
  // The searcher was told the same values.
  const [row] = await live.stack.ds.query(`SELECT searcher_state FROM sweep WHERE id = $1`, [id]);
  const told = (row.searcher_state as { trials: Record<string, { status: string; values?: number[] }> }).trials;
  for (const t of completed) assert.equal(told[t.number]?.values?.length, 2, `trial ${t.number} was told its values`);

  const watch = await cli(['sweep', 'watch', id, '--once', '--top', '20']);
  assert.equal(watch.code, 0, watch.err);
  assert.match(watch.out, /objectives: loss ↓ \(minimize\), wall_seconds ↓ \(minimize\)/);
  assert.match(watch.out, new RegExp(`Pareto front \\(${front.length} trials?`));
  assert.match(watch.out, /#\s+LOSS ↓\s+WALL_SECONDS ↓\s+X/);
});

// Out of memory below x = 0.15 (the agent reads the line and marks the trial infeasible); a
// reported peak memory of 4·x GiB, which the sweep bounds at 2 (x above 0.5 breaks it).
const CONSTRAINED_TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
if (p.x < 0.15) { console.error('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'); process.exit(1); }
setTimeout(() => console.log('@anneal ' + JSON.stringify({ step: 0, loss: (p.x - 0.8) ** 2, mem_gib: 4 * p.x })), 100 + 500 * p.x);
`;

test('constraints with several objectives, live: parameter bounds hold, infeasible trials are marked and never on the front', async () => {
  const id = await createSweep(live, {
    method: 'bayes', metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'wall_seconds', goal: 'minimize' }],
    parameters: { x: { distribution: 'uniform', min: 0, max: 1 } },
    constraints: ['x <= 0.9', { name: 'mem_gib', max: 2 }],
    command: ['node', '-e', CONSTRAINED_TRAINER], max_concurrent: 2, run_cap: 14,
  });
  assert.equal(await waitForSweep(live, id, 240_000), 'COMPLETED');
  type Row = TrialView & { params: { x: number }; infeasible: { reason: string; evidence: string } | null };
  type View = { sweep: { trialCounts: { infeasible: number }; paretoFront: Row[]; trials: { edges: Array<{ node: Row }> } } };
  const fields = 'number status objectives params infeasible { reason evidence }';
  const v = await live.gql<View>(`{ sweep(id: "${id}") { trialCounts { infeasible } paretoFront { ${fields} }
    trials(first: 50, orderBy: PARETO) { edges { node { ${fields} } } } } }`);
  const trials = v.sweep.trials.edges.map((e) => ({ ...e.node, x: e.node.params.x }));
  assert.equal(trials.length, 14);
  for (const t of trials) assert.ok(t.x <= 0.9, `trial ${t.number} broke the parameter constraint: x = ${t.x}`);
  for (const t of trials) {
    if (t.x < 0.15) assert.equal(t.infeasible?.reason, 'OUT_OF_MEMORY', `trial ${t.number} at x = ${t.x}`);
    else if (t.x > 0.5) assert.equal(t.infeasible?.reason, 'CONSTRAINT', `trial ${t.number} at x = ${t.x}`);
    else assert.equal(t.infeasible, null, `trial ${t.number} at x = ${t.x}`);
  }
  const infeasible = trials.filter((t) => t.infeasible !== null);
  assert.ok(infeasible.length > 0, 'the design reaches the infeasible ends');
  assert.equal(v.sweep.trialCounts.infeasible, infeasible.length);
  const front = v.sweep.paretoFront;
  assert.ok(front.length > 0);
  for (const f of front) assert.equal(f.infeasible, null, `infeasible trial ${f.number} on the front`);
  // The unconstrained loss optimum (x = 0.8) breaks the memory bound: the front's best loss is at the bound.
  const bestLoss = Math.min(...front.map((f) => f.objectives![0]!));
  assert.ok(bestLoss >= (0.5 - 0.8) ** 2 - 1e-9, `front reaches loss ${bestLoss}, below what x <= 0.5 allows`);
  const [row] = await live.stack.ds.query(`SELECT searcher_state FROM sweep WHERE id = $1`, [id]);
  const told = (row.searcher_state as { trials: Record<string, { infeasible?: boolean }> }).trials;
  for (const t of infeasible) assert.equal(told[t.number]?.infeasible, true, `trial ${t.number} was told infeasible`);
});
