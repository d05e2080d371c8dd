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

  it('passes what trainers need and no key, token or NATS variable, even under an allowed prefix', () => {
    const agentEnv = {
      PATH: '/usr/bin', HOME: '/root', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', VIRTUAL_ENV: '/venv', LD_LIBRARY_PATH: '/cuda/lib',
      HF_HOME: '/cache/hf', TORCH_HOME: '/cache/torch', NCCL_SOCKET_IFNAME: 'eth0', OMP_NUM_THREADS: '4', TOKENIZERS_PARALLELISM: 'false',
      ANNEAL_API_KEY: 'ank_AAAAAAAAAAAA_' + 'b'.repeat(43), ANNEAL_ADMIN_KEY: 'x', ANNEAL_SERVER: 'http://api', ANNEAL_HOME: '/root/.anneal',
      HF_TOKEN: 'hf_x', CUDA_SECRET: 'x', TF_API_KEY: 'x', NATS_URL: 'nats://u:p@h', DATABASE_URL: 'postgres://u:p@db', AWS_SECRET_ACCESS_KEY: 'x',
      WANDB_API_KEY: 'x', WANDB_MODE: 'offline', SSH_AUTH_SOCK: '/tmp/ssh',
    };
    const env = trialEnv(agentEnv, { assignment: a, checkpointDir: '/c', restore: null, gpus: null });
    const inherited = Object.keys(env).filter((k) => !k.startsWith('ANNEAL_') && k !== 'PYTHONUNBUFFERED').sort();
    assert.deepEqual(inherited, ['HF_HOME', 'HOME', 'LANG', 'LC_ALL', 'LD_LIBRARY_PATH', 'NCCL_SOCKET_IFNAME', 'OMP_NUM_THREADS', 'PATH', 'TOKENIZERS_PARALLELISM', 'TORCH_HOME', 'VIRTUAL_ENV']);
    assert.deepEqual(Object.keys(env).filter((k) => k.startsWith('ANNEAL_')).sort(), [
      'ANNEAL_CHECKPOINT_DIR', 'ANNEAL_PARAMS', 'ANNEAL_SWEEP_ID', 'ANNEAL_TRIAL_ID', 'ANNEAL_TRIAL_NUMBER',
    ]);
  });

  it("forwards the operator's names as they are, secret-looking or not, but never ANNEAL_*", () => {
    const agentEnv = { WANDB_MODE: 'offline', MY_TOKEN: 't', ANNEAL_API_KEY: 'k' };
    const env = trialEnv(agentEnv, { assignment: a, checkpointDir: '/c', restore: null, gpus: null, forward: ['WANDB_MODE', 'MY_TOKEN', 'ANNEAL_API_KEY', 'UNSET'] });
    assert.equal(env['WANDB_MODE'], 'offline');
    assert.equal(env['MY_TOKEN'], 't');
    assert.equal(env['ANNEAL_API_KEY'], undefined);
    assert.equal('UNSET' in env, false);
  });

  it("layers the trainer account, the sweep's settings, the launcher's and the trial's own", () => {
    const env = trialEnv(
      { PATH: '/bin', HOME: '/root', USER: 'root', CUDA_VISIBLE_DEVICES: '0' },
      { assignment: a, checkpointDir: '/c', restore: null, gpus: [2], launch: { ANNEAL_TRAINER: '{}' }, account: { name: 'nobody', home: '/w/homes/nobody' } },
      { HF_TOKEN: 'from the sweep', PATH: '/opt/bin', CUDA_VISIBLE_DEVICES: '0,1', ANNEAL_CHECKPOINT_DIR: '/elsewhere', ANNEAL_RESTORE_DIR: '/r' },
    );
    assert.equal(env['HOME'], '/w/homes/nobody');
    assert.equal(env['USER'], 'nobody');
    assert.equal(env['LOGNAME'], 'nobody');
    assert.equal(env['HF_TOKEN'], 'from the sweep', 'what a sweep sets explicitly passes, secret or not');
    assert.equal(env['PATH'], '/opt/bin');
    assert.equal(env['ANNEAL_TRAINER'], '{}');
    assert.equal(env['CUDA_VISIBLE_DEVICES'], '2', "the agent's GPU pinning wins");
    assert.equal(env['ANNEAL_CHECKPOINT_DIR'], '/c');
    assert.equal(env['ANNEAL_RESTORE_DIR'], undefined, 'no restore dir unless the trial restores');
  });

  it('names the restored checkpoint', () => {
    const env = trialEnv(base, { assignment: a, checkpointDir: '/c', restore: { dir: '/r', step: 9 }, gpus: null });
    assert.equal(env['ANNEAL_RESTORE_DIR'], '/r');
    assert.equal(env['ANNEAL_RESTORE_STEP'], '9');
  });
});
