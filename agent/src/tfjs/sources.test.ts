import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selectBackend } from './backend.js';
import { readText } from './dataset.js';
import { TrainerError } from './errors.js';
import { initWeights } from './model.js';
import { loadModel, saveModel } from './model-io.js';
import { Tokenizer } from './tokenizer.js';

const CONFIG = { vocabSize: 6, maxLength: 8, dModel: 8, layers: 1, heads: 2, ffDim: 16 };

/** Rewrites model.json so that it names other files for its weights or tokenizer. */
async function renaming(modelJson: string, weights: string, tokenizer = 'tokenizer.json'): Promise<void> {
  const json = JSON.parse(await readFile(modelJson, 'utf8')) as { weightsManifest: { paths: string[] }[]; tokenizer: string };
  json.weightsManifest[0]!.paths = [weights];
  json.tokenizer = tokenizer;
  await writeFile(modelJson, JSON.stringify(json));
}

const failsWith = (code: string, message: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof TrainerError, String(e));
  assert.equal(e.code, code);
  assert.match(e.message, message);
  return true;
};

describe('what the tfjs trainer reads its model and dataset from', () => {
  let dir: string;
  let root: string;
  let server: Server;
  let base: string;

  before(async () => {
    await selectBackend('cpu', false);
    dir = realpathSync(await mkdtemp(join(tmpdir(), 'anneal-tfjs-sources-')));
    root = join(dir, 'root');
    for (const name of ['good', 'escaping', 'named']) {
      await saveModel(join(root, name), { config: CONFIG }, initWeights(CONFIG, 1), new Tokenizer(['[PAD]', '[UNK]', '[BOS]', '[EOS]', 'good', 'bad']));
    }
    // escaping/weights.bin is a link to a copy outside the root.
    await mkdir(join(dir, 'outside'));
    await rename(join(root, 'escaping', 'weights.bin'), join(dir, 'outside', 'weights.bin'));
    await symlink(join(dir, 'outside', 'weights.bin'), join(root, 'escaping', 'weights.bin'));
    await writeFile(join(dir, 'outside', 'train.jsonl'), '{"text": "a", "label": "x"}\n');
    server = createServer((req, res) => {
      if (req.url === '/named/model.json') {
        // A model.json on a server that points its weights at the metadata service.
        res.end(JSON.stringify({ format: 'anneal-transformer', formatVersion: 1, config: CONFIG, tokenizer: 'tokenizer.json', weightsManifest: [{ paths: ['http://169.254.169.254/latest/meta-data/'], weights: [] }] }));
        return;
      }
      readFile(join(root, req.url ?? '/')).then((b) => res.end(b), () => res.writeHead(404).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a local model under a data root, and the same model over http', async () => {
    const local = await loadModel(join(root, 'good', 'model.json'), { dataRoots: [root] });
    const remote = await loadModel(`${base}/good/model.json`, { downloadDir: join(dir, 'downloads'), dataRoots: [root] });
    assert.deepEqual(remote.config, local.config);
    assert.deepEqual(await readdir(join(dir, 'downloads')), [], 'each download is removed once read');
  });

  it('refuses a weights file that links out of the data roots', async () => {
    await assert.rejects(loadModel(join(root, 'escaping', 'model.json'), { dataRoots: [root] }),
      failsWith('BAD_MODEL', new RegExp(`^model weights ${root}/escaping/weights\\.bin \\(it leads to ${dir}/outside/weights\\.bin\\) is outside this agent's data roots \\(${root}\\)`)));
    // Without roots the link is followed, as before.
    await loadModel(join(root, 'escaping', 'model.json'));
  });

  it('refuses model files named by a scheme, an absolute path or ..', async () => {
    for (const name of ['../escaping/weights.bin', '/etc/passwd', 'file:///etc/passwd', 'http://169.254.169.254/w.bin']) {
      await renaming(join(root, 'named', 'model.json'), name);
      await assert.rejects(loadModel(join(root, 'named', 'model.json')), failsWith('BAD_MODEL', /must be named relative to model\.json, inside its folder/), name);
    }
    await assert.rejects(loadModel(`${base}/named/model.json`), failsWith('BAD_MODEL', /must be named relative to model\.json/));
  });

  it('refuses file:// and link-local sources, and local datasets outside the roots', async () => {
    await assert.rejects(loadModel(`file://${root}/good/model.json`), failsWith('BAD_MODEL', /^cannot read model file:\/\/.*: file:\/\/ URLs are refused/));
    await assert.rejects(readText('http://[fe80::1]/train.jsonl'), failsWith('BAD_DATASET', /\[fe80::1\] is a link-local address/));
    await assert.rejects(readText(join(dir, 'outside', 'train.jsonl'), { dataRoots: [root] }),
      failsWith('BAD_DATASET', new RegExp(`^dataset ${dir}/outside/train\\.jsonl is outside this agent's data roots`)));
  });
});
