import { nestParams } from '@anneal/core';
import type { Assignment } from '@anneal/protocol';
import { AGENT_PREFIX, inheritable, looksSecret } from './trainer-env-policy.js';

export interface TrialEnvInput {
  assignment: Assignment;
  checkpointDir: string;
  restore: { dir: string; step: number } | null;
  /** The GPUs the trial may use; null on an agent without --gpus, which leaves CUDA's variables alone. */
  gpus: readonly number[] | null;
  /** What the launcher sets for this kind of trainer (ANNEAL_TRAINER for tfjs). */
  launch?: Readonly<Record<string, string>>;
  /** Names the operator forwards from the agent's environment (`--trainer-env`), secret-looking or not. */
  forward?: readonly string[];
  /** The account trainers run as, when it is not the agent's: HOME, USER and LOGNAME are its own. */
  account?: { name: string; home: string } | null;
}

/**
 * The trainer's environment, built up from nothing; later layers win:
 * 1. the agent's variables that trainer-env-policy.ts lets through, minus secret-looking names;
 * 2. the operator's `--trainer-env` names (never ANNEAL_*: those are the agent's own);
 * 3. the trainer account's HOME, USER and LOGNAME;
 * 4. `extra`: what the sweep sets explicitly, passed as written (a sweep may hand its trainer a token);
 * 5. the trial's own variables, which nothing overrides: the agent's GPU pinning and checkpoint
 *    paths must hold whatever the sweep says.
 */
export function trialEnv(base: NodeJS.ProcessEnv, i: TrialEnvInput, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && inheritable(name) && !looksSecret(name)) env[name] = value;
  }
  for (const name of i.forward ?? []) {
    const value = base[name];
    if (value !== undefined && !name.startsWith(AGENT_PREFIX)) env[name] = value;
  }
  if (i.account) {
    env['HOME'] = i.account.home;
    env['USER'] = i.account.name;
    env['LOGNAME'] = i.account.name;
  }
  Object.assign(env, extra);

  const a = i.assignment;
  Object.assign(env, i.launch ?? {}, {
    ANNEAL_PARAMS: JSON.stringify(nestParams(a.params)),
    ANNEAL_TRIAL_ID: a.trialId,
    ANNEAL_SWEEP_ID: a.sweepId,
    ANNEAL_TRIAL_NUMBER: String(a.number),
    ANNEAL_CHECKPOINT_DIR: i.checkpointDir,
    // Output must reach the agent as it is printed, not when a buffer fills.
    PYTHONUNBUFFERED: '1',
  });
  // Only ever what this trial restores: a value from elsewhere would point at someone else's files.
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
