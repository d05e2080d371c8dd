import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TrainerSpec } from '@anneal/protocol';
import { TRAINER_SPEC_ENV, tfjsLaunch } from './tfjs.js';

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
