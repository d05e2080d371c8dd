import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Assignment } from '@anneal/protocol';
import { Harness } from './testing.js';
import { classificationSet, pretrain, selectBackend } from './tfjs/index.js';

type TfjsTrainer = Extract<Assignment['trainer'], { type: 'tfjs' }>;

/** A tiny base model and a review set under `dir`, as `anneal pretrain` and the demo make them. */
async function makeData(dir: string): Promise<void> {
  await pretrain({
    out: join(dir, 'base'), corpusSize: 300, steps: 2, batchSize: 16, lr: 3e-3, seed: 3,
    shape: { maxLength: 32, dModel: 16, layers: 1, heads: 2, ffDim: 32 }, maxVocab: 300, log: () => undefined,
  });
  await writeFile(join(dir, 'reviews.jsonl'), classificationSet(5, 64).map((r) => JSON.stringify(r)).join('\n'));
}

const trainerOf = (model: string, dataset: string): TfjsTrainer => ({
  type: 'tfjs', task: 'classification', model, dataset,
  validationSplit: 0.25, maxLength: 32, evalEvery: 0, checkpointEvery: 0, maxExamples: 0, backend: 'auto', hyperparameters: { epochs: 1, batch_size: 16 },
});

async function run(h: Harness, trainer: TfjsTrainer, extra: Partial<Assignment> = {}) {
  const a = h.assignment([], { trainer, metric: { name: 'val/accuracy', goal: 'maximize' }, ...extra });
  await h.publish(a);
  const finished = await h.waitFor(`finished of ${a.trialId}`, () => h.of(a.trialId).find((t) => t.type === 'finished'), 30_000);
  const accuracy = h.of(a.trialId).flatMap((m) => (m.type === 'metrics' ? m.points.filter((p) => p.key === 'val/accuracy') : []));
  return { finished, accuracy, said: `${finished.error ?? ''}\n${finished.logTail.join('\n')}` };
}

describe('an agent running tfjs trials from http URLs', () => {
  let h: Harness;
  let dir: string;
  let server: Server;
  let base: string;
  const served: string[] = [];

  before(async () => {
    await selectBackend('wasm', false);
    dir = await mkdtemp(join(tmpdir(), 'anneal-tfjs-urls-'));
    await makeData(dir);
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      served.push(path);
      if (path === '/moved/model.json') return void res.writeHead(302, { location: '/base/model.json' }).end();
      if (path === '/metadata/model.json') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/model.json' }).end();
      readFile(join(dir, path)).then((b) => res.end(b), () => res.writeHead(404).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await Harness.create();
    await h.readTelemetry();
    await h.startAgent();
  });
  after(async () => {
    await h.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches the model (through a redirect) and the dataset over http, and trains', async () => {
    const r = await run(h, trainerOf(`${base}/moved/model.json`, `${base}/reviews.jsonl`));
    assert.equal(r.finished.status, 'completed', r.said);
    assert.equal(r.accuracy.length, 1, 'one evaluation after the epoch');
    for (const file of ['/moved/model.json', '/base/model.json', '/base/weights.bin', '/base/tokenizer.json', '/reviews.jsonl']) assert.ok(served.includes(file), `${file} was fetched`);
  });

  it('fails a trial whose model redirects to the metadata address, saying so', async () => {
    const r = await run(h, trainerOf(`${base}/metadata/model.json`, `${base}/reviews.jsonl`));
    assert.equal(r.finished.status, 'failed');
    assert.match(r.said, /BAD_MODEL: model: cannot fetch http:\/\/127\.0\.0\.1:\d+\/metadata\/model\.json: it redirects to http:\/\/169\.254\.169\.254\/latest\/meta-data\/model\.json: 169\.254\.169\.254 is a cloud metadata address/);
  });

  it('refuses file:// and link-local sources before the trainer starts', async () => {
    const file = await run(h, trainerOf(`file://${dir}/base/model.json`, `${base}/reviews.jsonl`));
    assert.equal(file.finished.status, 'failed');
    assert.match(file.finished.error ?? '', /^cannot prepare trial: tfjs model: file:\/\/.*: file:\/\/ URLs are refused: give a path on the agent's machine instead/);
    const linkLocal = await run(h, trainerOf(`${base}/base/model.json`, 'http://169.254.10.20/reviews.jsonl'));
    assert.match(linkLocal.finished.error ?? '', /^cannot prepare trial: tfjs dataset: .*169\.254\.10\.20 is a link-local address \(169\.254\.0\.0\/16\)/);
  });
});

describe('an agent started with --data-root', () => {
  let h: Harness;
  let dir: string;
  let root: string;

  before(async () => {
    await selectBackend('wasm', false);
    dir = realpathSync(await mkdtemp(join(tmpdir(), 'anneal-tfjs-roots-')));
    root = join(dir, 'data');
    await mkdir(root);
    await makeData(root);
    await mkdir(join(dir, 'outside'));
    await writeFile(join(dir, 'outside', 'reviews.jsonl'), await readFile(join(root, 'reviews.jsonl')));
    await symlink(join(dir, 'outside'), join(root, 'escape'));
    // A model folder under the root whose weights are a link to a copy outside it.
    await mkdir(join(root, 'linked'));
    for (const f of ['model.json', 'tokenizer.json']) await writeFile(join(root, 'linked', f), await readFile(join(root, 'base', f)));
    await writeFile(join(dir, 'outside', 'weights.bin'), await readFile(join(root, 'base', 'weights.bin')));
    await symlink(join(dir, 'outside', 'weights.bin'), join(root, 'linked', 'weights.bin'));
    h = await Harness.create();
    await h.readTelemetry();
    await h.startAgent({ dataRoots: [root] });
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains on data under the root, keeping checkpoints in a checkpoint_store under it', async () => {
    const r = await run(h, trainerOf(join(root, 'base', 'model.json'), join(root, 'reviews.jsonl')), { checkpointStore: { path: join(root, 'checkpoints') } });
    assert.equal(r.finished.status, 'completed', r.said);
    assert.equal((await readdir(join(root, 'checkpoints'))).length, 1, 'the trial\'s archives are in the store');
  });

  it('fails trials whose paths lead outside it, naming the path and the root', async () => {
    const outside = await run(h, trainerOf(join(root, 'base', 'model.json'), join(dir, 'outside', 'reviews.jsonl')));
    assert.equal(outside.finished.status, 'failed');
    assert.equal(outside.finished.error,
      `cannot prepare trial: tfjs dataset ${join(dir, 'outside', 'reviews.jsonl')} is outside this agent's data roots (${root}); move it under one, or start the agent with another --data-root`);

    const escape = await run(h, trainerOf(join(root, 'base', 'model.json'), join(root, 'escape', 'reviews.jsonl')));
    assert.match(escape.finished.error ?? '', new RegExp(`^cannot prepare trial: tfjs dataset ${root}/escape/reviews\\.jsonl \\(it leads to ${dir}/outside/reviews\\.jsonl\\) is outside this agent's data roots \\(${root}\\)`));

    const store = await run(h, trainerOf(join(root, 'base', 'model.json'), join(root, 'reviews.jsonl')), { checkpointStore: { path: join(root, 'escape', 'ckpt') } });
    assert.match(store.finished.error ?? '', new RegExp(`^cannot prepare trial: checkpoint_store ${root}/escape/ckpt \\(it leads to ${dir}/outside/ckpt\\) is outside`));
    assert.deepEqual((await readdir(join(dir, 'outside'))).sort(), ['reviews.jsonl', 'weights.bin'], 'nothing was written outside the root');

    // The trainer checks the files model.json names against the roots too.
    const weights = await run(h, trainerOf(join(root, 'linked', 'model.json'), join(root, 'reviews.jsonl')));
    assert.equal(weights.finished.status, 'failed');
    assert.match(weights.said, new RegExp(`BAD_MODEL: model weights ${root}/linked/weights\\.bin \\(it leads to ${dir}/outside/weights\\.bin\\) is outside this agent's data roots`));
  });
});
