/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';

const params = { x: { min: 0, max: 1 } };
const loss = { name: 'val_loss', goal: 'minimize' };
const hours = { name: 'gpu_hours', goal: 'minimize' };

function problemsOf(doc: Record<string, unknown>): { path: string; message: string }[] {
  const r = parseSweepConfig(doc);
  assert.equal(r.ok, false, `expected ${JSON.stringify(doc)} to be refused`);
  return r.ok ? [] : r.problems;
}

function expectProblem(doc: Record<string, unknown>, path: string, gist: RegExp): void {
  const problems = problemsOf(doc);
  assert.ok(problems.some((p) => p.path === path && gist.test(p.message)), `no problem at ${path} matching ${gist}: ${JSON.stringify(problems)}`);
}

test('two to four metrics make a multi-objective sweep, in the config order, with no single metric', () => {
  for (const method of ['bayes', 'gp', 'tpe', 'random', 'sobol']) {
    const r = parseSweepConfig({ method, metrics: [loss, { name: 'accuracy', goal: 'maximize' }, hours, { name: 'wall_seconds' }], parameters: params });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.config.metric, undefined);
    assert.deepEqual(r.config.objectives, [loss, { name: 'accuracy', goal: 'maximize' }, hours, { name: 'wall_seconds', goal: 'minimize' }]);
  }
  const grid = parseSweepConfig({ method: 'grid', metrics: [loss, hours], parameters: { x: { values: [1, 2] } } });
  assert.ok(grid.ok);
});

test('single-objective configs have no objectives list', () => {
  const r = parseSweepConfig({ method: 'bayes', metric: loss, parameters: params });
  assert.ok(r.ok);
  assert.equal(r.config.objectives, undefined);
});

test('more than four metrics are refused, naming the limit', () => {
  const five = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));
  expectProblem({ method: 'bayes', metrics: five, parameters: params }, 'metrics', /names 5 objectives.*2 to 4/);
});

test('a metric named twice is refused at the repeat', () => {
  expectProblem({ method: 'tpe', metrics: [loss, hours, { name: 'val_loss', goal: 'maximize' }], parameters: params }, 'metrics[2].name', /already metrics\[0\]/);
});

test('metric and metrics together are refused', () => {
  expectProblem({ method: 'bayes', metric: loss, metrics: [loss, hours], parameters: params }, 'metrics', /cannot be used together with metric/);
});

test('a bad entry among several is reported at its index', () => {
  expectProblem({ method: 'bayes', metrics: [loss, { goal: 'minimize' }], parameters: params }, 'metrics[1].name', /is required/);
  expectProblem({ method: 'bayes', metrics: [loss, { name: 'h', goal: 'least' }], parameters: params }, 'metrics[1].goal', /minimize or maximize/);
  expectProblem({ method: 'bayes', metrics: [loss, 'gpu_hours'], parameters: params }, 'metrics[1]', /must be a mapping/);
});

test('a target on one of several objectives is refused', () => {
  expectProblem({ method: 'bayes', metrics: [{ ...loss, target: 0.1 }, hours], parameters: params }, 'metrics[0].target', /not supported with several objectives/);
});

test('pbt and early_terminate are refused with several objectives', () => {
  expectProblem({ method: 'pbt', metrics: [loss, hours], parameters: params }, 'method', /pbt cannot optimize several objectives/);
  expectProblem({ method: 'bayes', metrics: [loss, hours], parameters: params, early_terminate: { type: 'hyperband', min_iter: 3 } }, 'early_terminate', /not supported with several objectives/);
});

test('parameter and metric constraints are accepted with several objectives', () => {
  const r = parseSweepConfig({ method: 'bayes', metrics: [loss, hours], parameters: { x: { min: 0, max: 1 }, y: { min: 0, max: 1 } }, constraints: ['x + y <= 1.5', { name: 'gpu_mem_gib', max: 70 }] });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.equal(r.config.constraints?.parameters.length, 1);
  assert.deepEqual(r.config.constraints?.metrics, [{ name: 'gpu_mem_gib', max: 70 }]);
});

test('warm_start is accepted with several objectives (its trials carry a value per objective)', () => {
  const r = parseSweepConfig({ method: 'bayes', metrics: [loss, hours], parameters: params, warm_start: { sweep: 'abc' } });
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.problems));
  assert.deepEqual(r.config.warmStart, { sweep: 'abc' });
});
