import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepConfig } from '../config/parse.js';
import { Rng } from '../rng.js';
import { parameterImportance } from './importance.js';

function spaceOf(yaml: string) {
  const parsed = parseSweepConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config.space;
}

test('importance recovers known shares: f = 5a + b (+ nothing from c) explains 25:1:0 of the variance', () => {
  const space = spaceOf('method: random\nparameters:\n  a: {min: 0, max: 1}\n  b: {min: 0, max: 1}\n  c: {min: 0, max: 1}\n');
  const rng = Rng.fromSeed(7);
  const trials = Array.from({ length: 60 }, () => {
    const params = { a: rng.float(), b: rng.float(), c: rng.float() };
    return { params, value: 5 * params.a + params.b };
  });
  const shares = parameterImportance(space, trials);
  assert.deepEqual(shares.map((s) => s.name), ['a', 'b', 'c']);
  const by = Object.fromEntries(shares.map((s) => [s.name, s.importance]));
  // Analytic main-effect shares: 25/26 = 0.96, 1/26 = 0.04, 0.
  assert.ok(Math.abs(by.a! - 25 / 26) < 0.05, `a: ${by.a}`);
  assert.ok(Math.abs(by.b! - 1 / 26) < 0.03, `b: ${by.b}`);
  assert.ok(by.c! < 0.01, `c: ${by.c}`);
});

test('a categorical parameter that decides the objective is found, and the result is deterministic', () => {
  const space = spaceOf('method: random\nparameters:\n  opt: {values: [adam, sgd, lion]}\n  lr: {min: 0, max: 1}\n');
  const rng = Rng.fromSeed(3);
  const offset: Record<string, number> = { adam: 0, sgd: 3, lion: 1 };
  const trials = Array.from({ length: 40 }, () => {
    const params = { opt: ['adam', 'sgd', 'lion'][Math.floor(rng.float() * 3)]!, lr: rng.float() };
    return { params, value: offset[params.opt]! + 0.1 * params.lr };
  });
  const first = parameterImportance(space, trials);
  assert.equal(first[0]!.name, 'opt');
  assert.ok(first[0]!.importance > 0.9);
  assert.deepEqual(parameterImportance(space, trials), first);
});

test('too few trials, or failed values, give no importance rather than noise', () => {
  const space = spaceOf('method: random\nparameters:\n  a: {min: 0, max: 1}\n');
  assert.deepEqual(parameterImportance(space, [{ params: { a: 0.1 }, value: 1 }, { params: { a: 0.5 }, value: Number.NaN }]), []);
});
