/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandCommand, formatArgValue } from './command.js';
import { parseSweepConfig } from './config/parse.js';
import type { SweepConfig } from './config/types.js';

function config(extra: Record<string, unknown>, parameters: Record<string, unknown> = { lr: { min: 0.001, max: 0.1 }, flag: { values: [true, false] }, opt: { values: ['adam'] } }): SweepConfig {
  const r = parseSweepConfig({ method: 'random', program: 'train.py', parameters, ...extra });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.config;
}

const params = { lr: 0.01, flag: true, opt: 'adam' };

test('default command is env, interpreter, program, args', () => {
  assert.deepEqual(expandCommand(config({}), params, {}), ['/usr/bin/env', 'python3', 'train.py', '--lr=0.01', '--flag=true', '--opt=adam']);
});

test('interpreter and env come from options; empty ones vanish', () => {
  assert.deepEqual(expandCommand(config({}), params, { interpreter: '/opt/venv/bin/python', env: ['env', 'A=1'] }).slice(0, 4), ['env', 'A=1', '/opt/venv/bin/python', 'train.py']);
  assert.deepEqual(expandCommand(config({}), params, { interpreter: '', env: [] }), ['train.py', '--lr=0.01', '--flag=true', '--opt=adam']);
});

test('args variants', () => {
  const c = (cmd: string[]) => config({ command: cmd });
  assert.deepEqual(expandCommand(c(['${args_no_hyphens}']), params), ['lr=0.01', 'flag=true', 'opt=adam']);
  assert.deepEqual(expandCommand(c(['${args_json}']), params), ['{"lr":0.01,"flag":true,"opt":"adam"}']);
  assert.deepEqual(expandCommand(c(['${args_no_boolean_flags}']), { ...params, flag: false }), ['--lr=0.01', '--opt=adam']);
  assert.deepEqual(expandCommand(c(['${args_no_equals}']), params), ['--lr', '0.01', '--flag', 'true', '--opt', 'adam']);
});

test('literal elements pass through; single-valued macros expand inside them', () => {
  const c = config({ command: ['${env}', 'torchrun', '--nproc=2', '${program}', '--cfg=${args_json}', '+num_gpus=1'] });
  assert.deepEqual(expandCommand(c, { lr: 0.5, flag: false, opt: 'adam' }), ['/usr/bin/env', 'torchrun', '--nproc=2', 'train.py', '--cfg={"lr":0.5,"flag":false,"opt":"adam"}', '+num_gpus=1']);
});

test('a missing program vanishes', () => {
  const r = parseSweepConfig({ method: 'random', parameters: { x: { values: [1] } } });
  assert.ok(r.ok);
  assert.deepEqual(expandCommand(r.config, { x: 1 }), ['/usr/bin/env', 'python3', '--x=1']);
});

test('nested params use dotted names; args follow space order', () => {
  const c = config({}, { b: { values: [1] }, optimizer: { parameters: { lr: { values: [0.1] } } } });
  assert.deepEqual(expandCommand(c, { 'optimizer.lr': 0.1, b: 1 }).slice(3), ['--b=1', '--optimizer.lr=0.1']);
});

test('value formatting', () => {
  assert.equal(formatArgValue(true), 'true');
  assert.equal(formatArgValue(1e-5), '0.00001');
  assert.equal(formatArgValue(1e-7), '1e-7');
  assert.equal(formatArgValue(0.1 + 0.2), '0.30000000000000004');
  assert.equal(formatArgValue(32), '32');
  assert.equal(formatArgValue('a b'), 'a b');
  assert.equal(formatArgValue(null), 'null');
  assert.equal(formatArgValue([1, 'x']), '[1,"x"]');
  assert.equal(formatArgValue({ a: { b: 1 } }), '{"a":{"b":1}}');
});
