import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TRAINER_SCHEMAS } from '@anneal/protocol';
import { LAUNCHERS, launchTrainer, TRAINER_SPEC_ENV } from './index.js';

describe('trainer launchers', () => {
  it("has one launcher per type of the protocol's trainer schema, keyed by its type, holding that schema", () => {
    const types = TRAINER_SCHEMAS.map((s) => s.shape.type.value as string).sort();
    assert.deepEqual(Object.keys(LAUNCHERS).sort(), types);
    for (const [type, launcher] of Object.entries(LAUNCHERS)) {
      assert.equal(launcher.type, type);
      assert.ok((TRAINER_SCHEMAS as readonly unknown[]).includes(launcher.spec), `${type}'s spec is not the protocol's schema`);
    }
  });

  it('dispatches on the assignment trainer type', () => {
    // The program must exist: a missing one fails the trial naming the path tried (command.test.ts).
    const programDir = mkdtempSync(join(tmpdir(), 'anneal-launch-'));
    writeFileSync(join(programDir, 'train.py'), '');
    const ctx = { params: { lr: 0.1 }, programDir, interpreter: '/usr/bin/python3' };
    assert.deepEqual(launchTrainer({ type: 'command', command: ['${interpreter}', '${program}', '${args}'], program: 'train.py' }, ctx), {
      argv: ['/usr/bin/python3', join(programDir, 'train.py'), '--lr=0.1'], env: {},
    });
    const tfjs = launchTrainer({
      type: 'tfjs', task: 'lm', model: 'm/model.json', dataset: 'd.txt', validationSplit: 0.1, maxLength: 64,
      evalEvery: 0, checkpointEvery: 0, maxExamples: 0, backend: 'cpu', hyperparameters: {},
    }, ctx);
    assert.equal(tfjs.argv[0], process.execPath);
    assert.equal((JSON.parse(tfjs.env[TRAINER_SPEC_ENV]!) as { model: string }).model, join(programDir, 'm/model.json'));
  });
});
