import { nestParams } from '@anneal/core';
import type { Assignment } from '@anneal/protocol';

export interface TrialEnvInput {
  assignment: Assignment;
  checkpointDir: string;
  restore: { dir: string; step: number } | null;
  /** The GPUs the trial may use; null on an agent without --gpus, which leaves CUDA's variables alone. */
  gpus: readonly number[] | null;
}

/** The trainer's environment: the agent's own plus what tells the trainer about its trial. */
export function trialEnv(base: NodeJS.ProcessEnv, i: TrialEnvInput): NodeJS.ProcessEnv {
  const a = i.assignment;
  const env: NodeJS.ProcessEnv = {
    ...base,
    ANNEAL_PARAMS: JSON.stringify(nestParams(a.params)),
    ANNEAL_TRIAL_ID: a.trialId,
    ANNEAL_SWEEP_ID: a.sweepId,
    ANNEAL_TRIAL_NUMBER: String(a.number),
    ANNEAL_CHECKPOINT_DIR: i.checkpointDir,
    PYTHONUNBUFFERED: '1',
  };
  // Only ever what this trial restores: an inherited value would point at someone else's files.
  delete env['ANNEAL_RESTORE_DIR'];
  delete env['ANNEAL_RESTORE_STEP'];
  if (i.restore !== null) {
    env['ANNEAL_RESTORE_DIR'] = i.restore.dir;
    env['ANNEAL_RESTORE_STEP'] = String(i.restore.step);
  }
  if (i.gpus !== null) {
    // nvidia-smi numbers GPUs in PCI bus order, CUDA by default fastest first; make them agree.
    env['CUDA_DEVICE_ORDER'] = 'PCI_BUS_ID';
    // Empty hides every GPU, which is right for a trial that asked for none.
    env['CUDA_VISIBLE_DEVICES'] = i.gpus.join(',');
  }
  return env;
}
