import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startLiveStack, type LiveStack } from './support/live-stack.js';

const PACKAGE_DIR = fileURLToPath(new URL('../../agent/python/', import.meta.url));

/** Losses that never cross: x = 1 is best at every step. */
const TRAINER = `
const p = JSON.parse(process.env.ANNEAL_PARAMS);
for (let step = 0; step < 20; step++) console.log('@anneal ' + JSON.stringify({ step, loss: p.x + 1 / (step + 1) }));
`;

// Everything through anneal.Client, as a user's script would: the key comes from the environment,
// never from argv. page_size=2 makes trials() and leaderboard() walk several pages.
const SCRIPT = `
import json, os, anneal
c = anneal.Client(os.environ['ANNEAL_SERVER'], page_size=2)
out = {}
project = c.create_project('python-client')
out['listed'] = any(p['id'] == project['id'] for p in c.projects())
try:
    c.create_sweep('python-client', "method: grid\\nmetric: {name: loss, goal: sideways}\\nparameters:\\n  x: {values: [1]}\\n")
except anneal.AnnealError as e:
    out['error'] = {'code': e.code, 'paths': [p['path'] for p in e.problems]}
config = {'name': 'py', 'method': 'grid', 'metric': {'name': 'loss', 'goal': 'minimize'}, 'max_concurrent': 3,
          'parameters': {'x': {'values': [4, 2, 6, 1, 5, 3]}}, 'command': ['node', '-e', os.environ['TRAINER']]}
sweep = c.create_sweep('python-client', config)
out['sweep'] = sweep.id
out['status'] = sweep.wait(timeout=90, poll=0.3)
out['leaderboard'] = sweep.leaderboard()
out['numbers'] = [t['number'] for t in sweep.trials()]
best = out['leaderboard'][0]
out['metrics'] = c.trial(best['id']).metrics(['loss'])
out['downsampled'] = c.trial(best['id']).metrics(['loss'], max_points=4)
try:
    c.sweep('00000000-0000-0000-0000-000000000000').status
except anneal.AnnealError as e:
    out['missing'] = e.code
yaml_text = "method: random\\nrun_cap: 50\\nmax_concurrent: 1\\nmetric: {name: loss, goal: minimize}\\nparameters:\\n  x: {min: 0, max: 1}\\ncommand: [node, -e, 'setTimeout(() => {}, 60000)']\\n"
second = c.create_sweep(project, yaml_text, name='to-stop')
out['paused'] = second.pause().info()['status']
out['resumed'] = second.resume().info()['status']
out['stopped'] = second.stop().status
print(json.dumps(out))
`;

let live: LiveStack;
before(async () => { live = await startLiveStack('pyclient', 1, 3); });
after(async () => { await live?.close(); });

test('the Python client creates, waits for and reads a sweep on a live stack', async () => {
  // Asynchronously: the API runs in this process, and a synchronous spawn would block it.
  const r = await promisify(execFile)('python3', ['-B', '-c', SCRIPT], {
    env: {
      PATH: process.env['PATH'], PYTHONPATH: PACKAGE_DIR, PYTHONDONTWRITEBYTECODE: '1', TRAINER,
      ANNEAL_SERVER: live.stack.apiUrl, ANNEAL_API_KEY: live.stack.createdAdminKey!,
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  type Row = { number: number; status: string; objective: number | null; params: { x: number }; id: string };
  const out = JSON.parse(r.stdout) as {
    listed: boolean; error: { code: string; paths: string[] }; sweep: string; status: string; leaderboard: Row[]; numbers: number[];
    metrics: Record<string, Array<[number, number]>>; downsampled: Record<string, Array<[number, number]>>; missing: string;
    paused: string; resumed: string; stopped: string;
  };
  assert.ok(out.listed);
  assert.deepEqual(out.error, { code: 'BAD_USER_INPUT', paths: ['config.metric.goal'] });
  assert.equal(out.status, 'COMPLETED');
  assert.deepEqual(out.numbers, [0, 1, 2, 3, 4, 5], 'every page of trials');

  // The API's own OBJECTIVE order, which the leaderboard must repeat.
  const api = await live.gql<{ sweep: { trials: { edges: Array<{ node: { number: number; objective: number } }> } } }>(
    `{ sweep(id: "${out.sweep}") { trials(first: 50, orderBy: OBJECTIVE) { edges { node { number objective } } } } }`,
  );
  assert.deepEqual(out.leaderboard.map((t) => t.number), api.sweep.trials.edges.map((e) => e.node.number));
  assert.deepEqual(out.leaderboard.map((t) => t.params.x), [1, 2, 3, 4, 5, 6]);
  assert.ok(out.leaderboard.every((t) => t.status === 'COMPLETED' && Object.keys(t).sort().join() === 'id,number,objective,params,status'));
  assert.equal(out.leaderboard[0]!.objective, 1 + 1 / 20);

  assert.deepEqual(out.metrics['loss']!.map(([step]) => step), Array.from({ length: 20 }, (_, i) => i));
  const sampled = out.downsampled['loss']!.map(([step]) => step);
  assert.ok(sampled.length <= 4 && sampled[0] === 0 && sampled.at(-1) === 19, `downsampled on the server, ends kept: ${sampled.join()}`);
  assert.equal(out.missing, 'NOT_FOUND');
  assert.deepEqual([out.paused, out.resumed, out.stopped], ['PAUSED', 'RUNNING', 'STOPPED']);
});
