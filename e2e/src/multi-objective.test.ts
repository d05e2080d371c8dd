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
