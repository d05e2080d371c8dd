/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSweepConfig } from './parse.js';

/** services/core, found from this compiled file (services/core/dist/...). */
function packageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const at = here.lastIndexOf(`${sep}dist`);
  return at >= 0 ? here.slice(0, at) : resolve(here, '..', '..');
}

const corpus = resolve(packageRoot(), '..', '..', '..', 'shared', 'compat', 'wandb');

test('the W&B compatibility corpus is present', () => {
  assert.ok(existsSync(corpus), `W&B sweep corpus not found at ${corpus} (expected <workspace>/shared/compat/wandb next to the repository)`);
  assert.ok(readdirSync(corpus).some((f) => f.endsWith('.yaml')), `no .yaml files in ${corpus}`);
});

const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.yaml')).sort() : [];

for (const file of files) {
  const invalid = file.startsWith('invalid__');
  test(`${invalid ? 'rejects' : 'accepts'} ${file}`, () => {
    const result = parseSweepConfig(readFileSync(join(corpus, file), 'utf8'));
    if (!invalid) {
      assert.ok(result.ok, `rejected: ${JSON.stringify(!result.ok && result.problems, null, 2)}`);
      assert.ok(result.config.space.length > 0);
      return;
    }
    assert.equal(result.ok, false);
    const messages = result.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    // The message must say what to change: the expected format and what was found instead.
    assert.match(messages, /'method' \+ 'parameters'/);
    assert.match(messages, /found keys: .*tune/);
  });
}

test('corpus specifics are understood as W&B means them', () => {
  const read = (f: string) => {
    const r = parseSweepConfig(readFileSync(join(corpus, f), 'utf8'));
    assert.ok(r.ok, f);
    return r;
  };
  const hydra = read('examples__minimal-hydra-example__wandb_sweep.yaml');
  const lr = hydra.config.space.find((d) => d.name === 'optimizer.config.learning_rate');
  assert.deepEqual(lr?.path, ['optimizer.config.learning_rate']);
  assert.equal(lr?.distribution, 'uniform');
  assert.deepEqual(hydra.config.command, ['${env}', '${interpreter}', '${program}', '${args_no_hyphens}']);

  const nested = read('sweeps-repo__nested-params__sweep-nested-cli.yaml');
  assert.deepEqual(nested.config.space.map((d) => d.name), ['batch_size', 'optimizer.lr', 'optimizer.nadam.beta']);
  assert.deepEqual(nested.config.space[2]?.path, ['optimizer', 'nadam', 'beta']);

  const cv = read('examples__sweeps-cross-validation__sweep-cross-validation.yaml');
  assert.equal(cv.config.space.find((d) => d.name === 'batch_size')?.kind, 'int');

  const fastai = read('examples__fastai1-simpsons__sweep.yaml');
  assert.ok(fastai.warnings.some((w) => w.path === 'parameters.learning_rate.distribution' && /deprecated/.test(w.message)));
  assert.deepEqual(fastai.config.space.find((d) => d.name === 'one_cycle')?.values, [true, false]);

  const hb = read('examples__keras-cnn-fashion__sweep-bayes-hyperband.yaml');
  assert.deepEqual(hb.config.earlyTerminate, { type: 'hyperband', eta: 3, max_iter: 27, s: 2 });

  const local = read('sweeps-repo__local-controller__sweep-local-bayes.yaml');
  assert.deepEqual(local.warnings, []);
  assert.equal(local.config.maxConcurrent, 4);
  assert.equal(local.config.pool, 'default');
});
