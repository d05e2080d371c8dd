/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSweepConfig } from './parse.js';
import type { ParseResult } from './types.js';

/** services/core, found from this compiled file (services/core/dist/...). */
function packageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const at = here.lastIndexOf(`${sep}dist`);
  return at >= 0 ? here.slice(0, at) : resolve(here, '..', '..');
}

/** Anneal's own W&B-style configs: always there, so a plain clone tests the same way. */
const fixtures = join(packageRoot(), 'test-fixtures', 'wandb');
/**
 * Real W&B configs beside CI's checkout. Optional: its checks are registered only when it is
 * present (ANNEAL_WANDB_CORPUS points elsewhere, e.g. at nothing to try the plain-clone case).
 */
const sharedCorpus = process.env['ANNEAL_WANDB_CORPUS'] ?? resolve(packageRoot(), '..', '..', '..', 'shared', 'compat', 'wandb');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
}

/** Valid files must parse; `invalid__*` files must be refused with a message saying what to change. */
function checkCorpusFile(dir: string, file: string): void {
  const result = parseSweepConfig(readFileSync(join(dir, file), 'utf8'));
  if (!file.startsWith('invalid__')) {
    assert.ok(result.ok, `rejected: ${JSON.stringify(!result.ok && result.problems, null, 2)}`);
    assert.ok(result.config.space.length > 0);
    return;
  }
  assert.equal(result.ok, false);
  const messages = result.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  // The expected format and what was found instead.
  assert.match(messages, /'method' \+ 'parameters'/);
  assert.match(messages, /found keys: .*tune/);
}

test('the repository has its own W&B-style fixtures, valid and invalid', () => {
  const files = yamlFiles(fixtures);
  assert.ok(files.filter((f) => !f.startsWith('invalid__')).length >= 10, `too few fixtures in ${fixtures}`);
  assert.ok(files.some((f) => f.startsWith('invalid__')));
});

for (const file of yamlFiles(fixtures)) {
  test(`fixture: ${file.startsWith('invalid__') ? 'rejects' : 'accepts'} ${file}`, () => checkCorpusFile(fixtures, file));
}

if (existsSync(sharedCorpus)) {
  for (const file of yamlFiles(sharedCorpus)) {
    test(`shared corpus: ${file.startsWith('invalid__') ? 'rejects' : 'accepts'} ${file}`, () => checkCorpusFile(sharedCorpus, file));
  }
}

function read(file: string): Extract<ParseResult, { ok: true }> {
  const r = parseSweepConfig(readFileSync(join(fixtures, file), 'utf8'));
  assert.ok(r.ok, `${file}: ${JSON.stringify(!r.ok && r.problems)}`);
  return r;
}

test('fixture specifics are understood as W&B means them', () => {
  const dotted = read('dotted-names-args-no-hyphens.yaml');
  const dropout = dotted.config.space.find((d) => d.name === 'model.head.dropout');
  assert.deepEqual(dropout?.path, ['model.head.dropout'], 'a dotted name written as one key stays one key');
  assert.equal(dropout?.distribution, 'uniform');
  assert.equal(dropout?.low, 0.05, '!!float 5e-2 is a number');
  assert.deepEqual(dotted.config.command, ['${env}', '${interpreter}', '${program}', '${args_no_hyphens}']);

  const nested = read('nested-parameters-grid.yaml');
  assert.deepEqual(nested.config.space.map((d) => d.name), ['epochs', 'adam.lr', 'adam.betas.beta2']);
  assert.deepEqual(nested.config.space[2]?.path, ['adam', 'betas', 'beta2']);

  const explicit = read('explicit-distributions.yaml');
  assert.deepEqual(explicit.config.space.map((d) => [d.name, d.kind, d.distribution]), [
    ['seq_len', 'int', 'int_uniform'],
    ['warmup_steps', 'constant', 'constant'],
    ['hidden', 'categorical', 'categorical'],
    ['weight_decay', 'float', 'q_uniform'],
    ['lr', 'float', 'log_uniform_values'],
    ['label_smoothing', 'float', 'normal'],
  ]);
  assert.equal(explicit.config.runCap, 40);

  const old = read('deprecated-log-uniform.yaml');
  assert.ok(old.warnings.some((w) => w.path === 'parameters.learning_rate.distribution' && /deprecated/.test(w.message)));
  assert.deepEqual(old.config.space.find((d) => d.name === 'freeze_backbone')?.values, [true, false]);

  const hb = read('bayes-hyperband-max-iter.yaml');
  assert.deepEqual(hb.config.earlyTerminate, { type: 'hyperband', eta: 3, max_iter: 27, s: 2 });
  assert.deepEqual(hb.config.space.find((d) => d.name === 'decay')?.values, [1e-4, 1e-5]);

  const local = read('local-controller.yaml');
  assert.deepEqual(local.warnings, [], 'controller: {type: local} is accepted without a warning');
  assert.equal(local.config.maxConcurrent, 4);
  assert.equal(local.config.pool, 'default');

  const grid = read('grid-hyperband-min-iter.yaml');
  assert.deepEqual(grid.config.earlyTerminate, { type: 'hyperband', eta: 2, min_iter: 2 });

  assert.deepEqual(read('yes-no-booleans.yaml').config.space.map((d) => d.values), [[true, false], [true, false]]);
  assert.deepEqual(read('metrics-single-entry.yaml').config.metric, { name: 'val_loss', goal: 'minimize' });
  assert.deepEqual(read('scheduler-wandb-engine.yaml').warnings, []);
  assert.deepEqual(read('launch-job.yaml').warnings, []);
});
