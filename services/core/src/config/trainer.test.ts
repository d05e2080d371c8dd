import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fields } from './fields.js';
import { parseSweepConfig } from './parse.js';
import type { TrainerRegistry, TrainerSpec } from './trainer.js';

/**
 * The core knows no trainer: these tests register a made-up one. The built-in tfjs trainer's own
 * spec and its tests live in @anneal/protocol (src/trainers/tfjs.test.ts).
 */
const toy: TrainerSpec<{ type: 'toy'; steps: number }> = {
  type: 'toy',
  description: 'a test trainer',
  hyperparameters: ['lr', 'layers'],
  parameterProblem(name, value) {
    if (!this.hyperparameters.includes(name)) return `is not a hyperparameter of the toy trainer; known: ${this.hyperparameters.join(', ')}`;
    if (name === 'layers' && (typeof value !== 'number' || value < 1)) return `must be at least 1 (got ${String(value)})`;
    return null;
  },
  parse(block, problems) {
    const f = new Fields(block, 'trainer', problems);
    f.onlyKeys(['type', 'steps'], 'toy trainer');
    const steps = f.number('steps', { fallback: 1, integer: true, min: 1 });
    return steps === undefined ? undefined : { type: 'toy', steps };
  },
};
const trainers: TrainerRegistry = { toy };

const sweep = (trainer: unknown, parameters: unknown = { lr: { min: 1e-4, max: 1e-2 } }, extra: Record<string, unknown> = {}, registry: TrainerRegistry | null = trainers) =>
  parseSweepConfig({ method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters, trainer, ...extra }, registry === null ? {} : { trainers: registry });

const problems = (r: ReturnType<typeof parseSweepConfig>) => (r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`));

describe('trainer: a registry of specs', () => {
  it('parses the block with the spec its type names', () => {
    const r = sweep({ type: 'toy', steps: 4 });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(r.config.trainer, { type: 'toy', steps: 4 });
  });

  it("checks the search space against the trainer's hyperparameters, with the spec's words", () => {
    const p = problems(sweep({ type: 'toy', stesp: 2 }, { learning_rate: { min: 0.1, max: 1 }, layers: { values: [2, 0] } }));
    assert.deepEqual(p, [
      "trainer.stesp: is not a toy trainer key; allowed: type, steps (did you mean 'steps'?)",
      'parameters.learning_rate: is not a hyperparameter of the toy trainer; known: lr, layers',
      'parameters.layers: value 0: must be at least 1 (got 0)',
    ]);
  });

  it('refuses types it was not given, pointing at program/command', () => {
    assert.deepEqual(problems(sweep({ type: 'pytorch' })), ["trainer.type: must be toy (a test trainer); to run your own program use program: and command: instead (got 'pytorch')"]);
    assert.deepEqual(problems(sweep('toy')), ["trainer: must be toy (a test trainer); to run your own program use program: and command: instead (got 'toy')"]);
    const two = { toy, other: { ...toy, type: 'other', description: 'another' } };
    assert.match(problems(sweep({ type: 'x' }, undefined, {}, two)).join('\n'), /^trainer\.type: must be one of toy \(a test trainer\), other \(another\); /);
  });

  it('knows no trainer unless given one', () => {
    assert.match(problems(sweep({ type: 'toy' }, undefined, {}, null)).join('\n'), /^trainer\.type: must be a trainer type, but this parser was given none; to run your own program use program: and command: instead/);
    const plain = parseSweepConfig({ method: 'random', parameters: { x: { values: [1] } } });
    assert.ok(plain.ok && plain.config.trainer === undefined);
  });

  it('warns that program and command are ignored next to a trainer', () => {
    const r = sweep({ type: 'toy' }, undefined, { program: 'train.py' });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(r.warnings, [{ path: 'program', message: 'is ignored: the toy trainer runs in the agent, not as a program' }]);
  });
});

describe('Anneal keys of a sweep', () => {
  it('knows trainer and resources (no unknown-key warning)', () => {
    const r = parseSweepConfig({
      method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } }, resources: { gpus: 2 },
      trainer: { type: 'toy', steps: 3 },
    }, { trainers });
    assert.ok(r.ok, JSON.stringify(problems(r)));
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.config.resources, { gpus: 2 });
  });
  it('checks resources', () => {
    const p = problems(parseSweepConfig({ method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } }, resources: { gpus: 1.5, cpus: 2 } }));
    assert.ok(p.some((x) => /^resources\.gpus: must be an integer/.test(x)), JSON.stringify(p));
    assert.ok(p.some((x) => /^resources\.cpus: is not a resources key/.test(x)), JSON.stringify(p));
  });
});

describe('checkpoint_store', () => {
  const base = { method: 'random', parameters: { lr: { min: 0.001, max: 0.01 } } };
  it('takes an absolute directory', () => {
    const r = parseSweepConfig({ ...base, checkpoint_store: { path: '/mnt/shared/ckpt' } });
    assert.ok(r.ok && r.config.checkpointStore?.path === '/mnt/shared/ckpt');
  });
  it('refuses URLs and relative paths with what to do instead', () => {
    assert.match(problems(parseSweepConfig({ ...base, checkpoint_store: { path: 's3://bucket/x' } })).join('\n'), /checkpoint_store\.path: must be a directory, not a URL .*mount the bucket/);
    assert.match(problems(parseSweepConfig({ ...base, checkpoint_store: { path: 'ckpt' } })).join('\n'), /checkpoint_store\.path: must be absolute/);
    assert.match(problems(parseSweepConfig({ ...base, checkpoint_store: {} })).join('\n'), /checkpoint_store\.path: is required/);
  });
});
