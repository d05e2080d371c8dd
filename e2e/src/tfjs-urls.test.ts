import { classificationSet, pretrain, selectBackend } from '@anneal/agent/tfjs';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawnAgent, type AgentProcess } from './support/agent-process.js';
import { agentTokenFile, createSweep, startLiveStack, type LiveStack } from './support/live-stack.js';

/**
 * The tfjs trainer's `model` and `dataset` as http URLs, the addresses a sweep may not point an
 * agent at, and `anneal agent --data-root`, on the whole stack with a real agent process.
 */
describe('tfjs sources: http URLs, refused addresses and --data-root', () => {
  let live: LiveStack;
  let agent: AgentProcess;
  let server: Server;
  let base: string;
  let root: string;
  let outside: string;
  const served: string[] = [];

  before(async () => {
    live = await startLiveStack('tfjsurls', 0, 1);
    await selectBackend('wasm', false);
    // Readable by the agent's trainer user (nobody when the tests run as root).
    root = join(realpathSync(live.home), 'data');
    outside = join(realpathSync(live.home), 'outside');
    await pretrain({
      out: join(root, 'base'), corpusSize: 300, steps: 2, batchSize: 16, lr: 3e-3, seed: 5,
      shape: { maxLength: 32, dModel: 16, layers: 1, heads: 2, ffDim: 32 }, maxVocab: 300, log: () => undefined,
    });
    writeFileSync(join(root, 'reviews.jsonl'), classificationSet(7, 64).map((r) => JSON.stringify(r)).join('\n'));
    mkdirSync(outside);
    writeFileSync(join(outside, 'reviews.jsonl'), readFileSync(join(root, 'reviews.jsonl')));
    symlinkSync(outside, join(root, 'escape'));
    for (const d of [root, join(root, 'base'), outside]) chmodSync(d, 0o755);

    server = createServer((req, res) => {
      served.push(req.url ?? '/');
      if (req.url === '/to-metadata.jsonl') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      try {
        res.end(readFileSync(join(root, req.url ?? '/')));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const workDir = join(live.home, 'agent');
    agent = await spawnAgent({
      server: live.stack.apiUrl, tokenFile: (await agentTokenFile(live)).file, workDir, home: live.home, slots: 2, args: ['--data-root', root],
    });
  });
  after(async () => {
    if (agent?.proc.exitCode === null) {
      agent.proc.kill('SIGTERM');
      await agent.exited;
    }
    server?.close();
    await live?.close();
  });

  const tfjs = (model: string, dataset: string) => ({
    type: 'tfjs', model, dataset, validation_split: 0.25, max_length: 32, hyperparameters: { epochs: 1, batch_size: 16 },
  });
  const sweepOf = (trainer: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    method: 'random', metric: { name: 'val/accuracy', goal: 'maximize' }, run_cap: 1, trainer,
    parameters: { lr: { distribution: 'log_uniform_values', min: 1e-3, max: 1e-2 } }, ...extra,
  });

  type Trial = { status: string; error: string | null; logTail: string | null; bestObjective?: number | null };
  async function onlyTrial(sweepId: string): Promise<Trial> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const view = await live.gql<{ sweep: { trials: { edges: Array<{ node: Trial }> } } }>(
        `{ sweep(id: "${sweepId}") { trials(first: 5) { edges { node { status error logTail } } } } }`);
      const trial = view.sweep.trials.edges[0]?.node;
      if (trial && ['COMPLETED', 'FAILED', 'STOPPED'].includes(trial.status)) return trial;
      if (Date.now() > deadline) throw new Error(`no finished trial in sweep ${sweepId}: ${JSON.stringify(trial)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  test('a sweep whose model and dataset are http URLs trains', async () => {
    const sweepId = await createSweep(live, sweepOf(tfjs(`${base}/base/model.json`, `${base}/reviews.jsonl`)));
    const trial = await onlyTrial(sweepId);
    assert.equal(trial.status, 'COMPLETED', `${trial.error}\n${trial.logTail}`);
    const [row] = await live.stack.ds.query(`SELECT count(*)::int AS n FROM metric m JOIN trial t ON t.id = m.trial_id WHERE t.sweep_id = $1 AND m.key = 'val/accuracy'`, [sweepId]);
    assert.equal(row.n, 1, 'validation accuracy was stored');
    for (const f of ['/base/model.json', '/base/weights.bin', '/base/tokenizer.json', '/reviews.jsonl']) assert.ok(served.includes(f), `${f} was fetched`);
  });

  test('file://, link-local and metadata sources are refused when the sweep is created, naming the key', async () => {
    const refused = async (trainer: Record<string, unknown>) => (await createSweep(live, sweepOf(trainer)).then(() => 'created', (e: Error) => e.message));
    assert.match(await refused(tfjs(`file://${root}/base/model.json`, `${base}/reviews.jsonl`)), /trainer\.model: file:\/\/.*file:\/\/ URLs are refused/);
    assert.match(await refused(tfjs(`${base}/base/model.json`, 'http://169.254.169.254/latest/user-data')), /trainer\.dataset: .*169\.254\.169\.254 is a cloud metadata address/);
    assert.match(await refused(tfjs('http://[fe80::1]/model.json', `${base}/reviews.jsonl`)), /trainer\.model: .*\[fe80::1\] is a link-local address/);
  });

  test('a dataset that redirects to the metadata address fails its trial, saying so', async () => {
    const trial = await onlyTrial(await createSweep(live, sweepOf(tfjs(`${base}/base/model.json`, `${base}/to-metadata.jsonl`))));
    assert.equal(trial.status, 'FAILED');
    assert.match(trial.logTail ?? '', /BAD_DATASET: dataset: cannot fetch http:\/\/127\.0\.0\.1:\d+\/to-metadata\.jsonl: it redirects to http:\/\/169\.254\.169\.254\/latest\/meta-data\/: 169\.254\.169\.254 is a cloud metadata address/);
  });

  test('--data-root: paths under it train, paths that lead outside fail naming the path and the root', async () => {
    const inside = await onlyTrial(await createSweep(live, sweepOf(tfjs(join(root, 'base', 'model.json'), join(root, 'reviews.jsonl')), { checkpoint_store: { path: join(root, 'checkpoints') } })));
    assert.equal(inside.status, 'COMPLETED', `${inside.error}\n${inside.logTail}`);
    assert.equal(readdirSync(join(root, 'checkpoints')).length, 1);

    const escape = await onlyTrial(await createSweep(live, sweepOf(tfjs(join(root, 'base', 'model.json'), join(root, 'escape', 'reviews.jsonl')))));
    assert.equal(escape.status, 'FAILED');
    assert.equal(escape.error, `cannot prepare trial: tfjs dataset ${join(root, 'escape', 'reviews.jsonl')} (it leads to ${join(outside, 'reviews.jsonl')}) is outside this agent's data roots (${root}); move it under one, or start the agent with another --data-root`);

    const store = await onlyTrial(await createSweep(live, sweepOf(tfjs(join(root, 'base', 'model.json'), join(root, 'reviews.jsonl')), { checkpoint_store: { path: join(outside, 'ckpt') } })));
    assert.equal(store.status, 'FAILED');
    assert.match(store.error ?? '', new RegExp(`^cannot prepare trial: checkpoint_store ${outside}/ckpt is outside this agent's data roots \\(${root}\\)`));
    assert.deepEqual(readdirSync(outside), ['reviews.jsonl'], 'nothing was written outside the root');
  });
});
