import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrainerSpec } from '@anneal/protocol';
import { AgentError } from '../errors.js';
import { DATA_ROOTS_ENV, TRAINER_SPEC_ENV, tfjsLaunch } from './tfjs.js';

const spec: Extract<TrainerSpec, { type: 'tfjs' }> = {
  type: 'tfjs', task: 'classification', model: '~/.anneal/models/base/model.json', dataset: 'data/train.jsonl', validation: 'https://example.com/val.jsonl',
  validationSplit: 0.1, maxLength: 64, evalEvery: 0, checkpointEvery: 0, maxExamples: 0, backend: 'auto', hyperparameters: {},
};

describe('tfjsLaunch', () => {
  it('runs the trainer with this Node and resolves paths like a shell user expects', () => {
    const { argv, env } = tfjsLaunch(spec, '/srv/agent');
    assert.equal(argv[0], process.execPath);
    assert.match(argv[1]!, /tfjs[/\\]main\.js$/);
    const passed = JSON.parse(env[TRAINER_SPEC_ENV]!) as typeof spec;
    assert.equal(passed.model, join(homedir(), '.anneal/models/base/model.json'));
    assert.equal(passed.dataset, '/srv/agent/data/train.jsonl');
    assert.equal(passed.validation, 'https://example.com/val.jsonl');
  });
});

describe('tfjsLaunch refusals and data roots', () => {
  let dir: string;
  let root: string;
  before(async () => {
    dir = realpathSync(await mkdtemp(join(tmpdir(), 'anneal-tfjs-launch-')));
    root = join(dir, 'root');
    await mkdir(join(root, 'base'), { recursive: true });
    await mkdir(join(dir, 'outside'));
    await writeFile(join(root, 'base', 'model.json'), '{}');
    await writeFile(join(root, 'train.jsonl'), '');
    await writeFile(join(dir, 'outside', 'secret.jsonl'), '');
    await symlink(join(dir, 'outside'), join(root, 'escape'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const local = { ...spec, model: 'base/model.json', dataset: 'train.jsonl' };
  const { validation: _, ...noValidation } = local;
  const refusal = (s: Partial<typeof spec>, roots: string[] = []): string => {
    try {
      tfjsLaunch({ ...noValidation, ...s }, root, roots);
    } catch (e) {
      assert.ok(e instanceof AgentError, String(e));
      return `${e.code}: ${e.message}`;
    }
    return 'launched';
  };

  it('refuses file://, link-local and metadata URLs, naming the key', () => {
    assert.match(refusal({ model: 'file:///srv/models/base/model.json' }), /^REFUSED_SOURCE: tfjs model: file:\/\/\/srv\/models\/base\/model\.json: file:\/\/ URLs are refused/);
    assert.match(refusal({ dataset: 'http://169.254.169.254/latest/user-data' }), /^REFUSED_SOURCE: tfjs dataset: .*169\.254\.169\.254 is a cloud metadata address/);
    assert.match(refusal({ validation: 'https://[fe80::1]/v.jsonl' }), /^REFUSED_SOURCE: tfjs validation: .*link-local/);
  });

  it('without data roots, takes any path as before', () => {
    assert.equal(refusal({ dataset: join(dir, 'outside', 'secret.jsonl') }), 'launched');
  });

  it('with data roots, passes real paths under them and the roots to the trainer', () => {
    // The kernel follows escape/ before its `..`: escape/../root is the root again (lexically it would be root/root).
    const { env } = tfjsLaunch({ ...noValidation, dataset: 'escape/../root/train.jsonl', validation: 'http://127.0.0.1:9/v.jsonl' }, root, [root]);
    const passed = JSON.parse(env[TRAINER_SPEC_ENV]!) as typeof spec;
    assert.equal(passed.model, join(root, 'base', 'model.json'));
    assert.equal(passed.validation, 'http://127.0.0.1:9/v.jsonl');
    assert.deepEqual(JSON.parse(env[DATA_ROOTS_ENV]!), [root]);
    assert.equal(passed.dataset, join(root, 'train.jsonl'));
  });

  it('refuses paths outside every root, symlinks and .. followed, naming the path and the roots', () => {
    assert.equal(refusal({ dataset: join(dir, 'outside', 'secret.jsonl') }, [root]),
      `OUTSIDE_DATA_ROOT: tfjs dataset ${join(dir, 'outside', 'secret.jsonl')} is outside this agent's data roots (${root}); move it under one, or start the agent with another --data-root`);
    assert.match(refusal({ dataset: 'escape/secret.jsonl' }, [root, join(dir, 'elsewhere')]),
      new RegExp(`^OUTSIDE_DATA_ROOT: tfjs dataset ${root}/escape/secret.jsonl \\(it leads to ${dir}/outside/secret.jsonl\\) is outside this agent's data roots \\(${root}, ${dir}/elsewhere\\)`));
    assert.match(refusal({ model: '../outside/model.json' }, [root]), /^OUTSIDE_DATA_ROOT: tfjs model .*\/root\/\.\.\/outside\/model\.json \(it leads to .*\/outside\/model\.json\)/);
    // Lexically root/train.jsonl; really the parent of outside/, which is not under the root.
    assert.match(refusal({ dataset: 'escape/../train.jsonl' }, [root]), new RegExp(`\\(it leads to ${dir}/train\\.jsonl\\) is outside`));
  });
});
