import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commandLauncher, trainerArgv } from './command.js';
import { AgentError } from '../errors.js';

const DEFAULT = ['${env}', '${interpreter}', '${program}', '${args}'];

describe('trainerArgv', () => {
  it('expands the W&B default template with python3', () => {
    assert.deepEqual(trainerArgv({ type: 'command', command: DEFAULT, program: 'train.py' }, { lr: 0.001, fused: false }), [
      '/usr/bin/env',
      'python3',
      'train.py',
      '--lr=0.001',
      '--fused=false',
    ]);
  });

  it("uses the agent's interpreter", () => {
    assert.deepEqual(trainerArgv({ type: 'command', command: ['${interpreter}', '${program}'], program: '/t.py' }, {}, '/opt/py/bin/python'), [
      '/opt/py/bin/python',
      '/t.py',
    ]);
  });

  it('formats values: booleans, shortest numbers, raw strings, JSON for structure', () => {
    const params = { a: true, b: 0.1 + 0.2, c: 1e-7, d: 'adam w', e: [1, 2], f: { x: 1 }, 'g.h': 3 };
    assert.deepEqual(trainerArgv({ type: 'command', command: ['x', '${args}'] }, params), [
      'x',
      '--a=true',
      '--b=0.30000000000000004',
      '--c=1e-7',
      '--d=adam w',
      '--e=[1,2]',
      '--f={"x":1}',
      '--g.h=3',
    ]);
  });

  it('expands args_no_hyphens and args_json, also inside an element', () => {
    assert.deepEqual(trainerArgv({ type: 'command', command: ['x', '${args_no_hyphens}'] }, { a: 1, b: 'q' }), ['x', 'a=1', 'b=q']);
    assert.deepEqual(trainerArgv({ type: 'command', command: ['x', '${args_json}', '--c=${args_json}'] }, { 'a.b': 1 }), [
      'x',
      '{"a.b":1}',
      '--c={"a.b":1}',
    ]);
  });

  it('refuses a command that expands to no executable', () => {
    assert.throws(
      () => trainerArgv({ type: 'command', command: ['${args}'] }, {}),
      (e: unknown) => e instanceof AgentError && e.code === 'BAD_COMMAND',
    );
  });
});

describe('commandLauncher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anneal-program-'));
  writeFileSync(join(dir, 'train.py'), 'print(1)\n');
  const ctx = { params: { lr: 0.1 }, programDir: dir, interpreter: undefined };

  it("runs a relative program from the agent's directory, by its absolute path", () => {
    const { argv } = commandLauncher.launch({ type: 'command', command: DEFAULT, program: 'train.py' }, ctx);
    assert.deepEqual(argv, ['/usr/bin/env', 'python3', join(dir, 'train.py'), '--lr=0.1']);
  });

  it('refuses a missing program, naming the absolute path it tried and where relative paths resolve', () => {
    assert.throws(
      () => commandLauncher.launch({ type: 'command', command: DEFAULT, program: 'examples/train.py' }, ctx),
      (e: unknown) => e instanceof AgentError && e.code === 'PROGRAM_NOT_FOUND'
        && e.message.includes(`tried ${join(dir, 'examples/train.py')}`) && e.message.includes(`the directory the agent was started in (${dir})`),
    );
    assert.throws(
      () => commandLauncher.launch({ type: 'command', command: DEFAULT, program: '/nonexistent/train.py' }, ctx),
      (e: unknown) => e instanceof AgentError && e.message === 'program "/nonexistent/train.py" not found: tried /nonexistent/train.py',
    );
  });

  it('does not look for a program the command never runs', () => {
    const { argv } = commandLauncher.launch({ type: 'command', command: ['true'], program: 'missing.py' }, ctx);
    assert.deepEqual(argv, ['true']);
  });
});
