import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROTOCOL_VERSION, type Assignment } from '@anneal/protocol';
import { trialEnv } from './trial-env.js';

const a: Assignment = {
  v: PROTOCOL_VERSION,
  trialId: '7d7c5b86-3c1e-4a5e-9a43-1f3c2e0b9d11',
  sweepId: '0b0b0b0b-3c1e-4a5e-9a43-1f3c2e0b9d11',
  projectId: '0c0c0c0c-3c1e-4a5e-9a43-1f3c2e0b9d11',
  number: 4,
  leaseToken: 'x'.repeat(16),
  metric: null,
  params: { 'optim.lr': 0.1 },
  trainer: { type: 'command', command: ['x'] },
  createdAt: '2025-01-01T00:00:00Z',
};

describe('trialEnv', () => {
  const base = { PATH: '/bin', CUDA_VISIBLE_DEVICES: '0,1,2,3', ANNEAL_RESTORE_DIR: '/stale' };

  it('pins the granted GPUs in PCI order on a GPU agent, and hides all for a trial that wants none', () => {
    const env = trialEnv(base, { assignment: a, checkpointDir: '/c', restore: null, gpus: [1, 3] });
    assert.equal(env['CUDA_VISIBLE_DEVICES'], '1,3');
    assert.equal(env['CUDA_DEVICE_ORDER'], 'PCI_BUS_ID');
    assert.equal(trialEnv(base, { assignment: a, checkpointDir: '/c', restore: null, gpus: [] })['CUDA_VISIBLE_DEVICES'], '');
  });

  it('leaves CUDA alone on a CPU agent and sets the trial variables', () => {
    const env = trialEnv(base, { assignment: a, checkpointDir: '/c', restore: null, gpus: null });
    assert.equal(env['CUDA_VISIBLE_DEVICES'], '0,1,2,3');
    assert.equal(env['ANNEAL_PARAMS'], '{"optim":{"lr":0.1}}');
    assert.equal(env['ANNEAL_TRIAL_NUMBER'], '4');
    assert.equal(env['ANNEAL_CHECKPOINT_DIR'], '/c');
    assert.equal(env['ANNEAL_RESTORE_DIR'], undefined, 'an inherited restore dir is not passed on');
  });

  it('names the restored checkpoint', () => {
    const env = trialEnv(base, { assignment: a, checkpointDir: '/c', restore: { dir: '/r', step: 9 }, gpus: null });
    assert.equal(env['ANNEAL_RESTORE_DIR'], '/r');
    assert.equal(env['ANNEAL_RESTORE_STEP'], '9');
  });
});
