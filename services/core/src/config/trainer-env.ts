import { describe, isPlainObject, type Problems } from './problems.js';
import { looksLikeSecretName } from './secret-names.js';

/** Bounds that keep an assignment small; a real trainer needs a handful. */
export const MAX_ENV_VARIABLES = 64;
export const MAX_ENV_VALUE_LENGTH = 4096;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** The agent sets these per trial; a sweep cannot move a trial's GPUs or checkpoint paths. */
const RESERVED = /^(ANNEAL_|CUDA_VISIBLE_DEVICES$|CUDA_DEVICE_ORDER$)/;

/**
 * Anneal's `env: {NAME: value}`: variables every trainer of the sweep gets on top of the agent's
 * allowlist. Numbers and booleans are written as text, as a shell would.
 */
export function parseTrainerEnv(value: unknown, problems: Problems): Record<string, string> | undefined {
  if (!isPlainObject(value)) {
    problems.error('env', `must be a mapping of variable names to values, such as {WANDB_MODE: offline} (got ${describe(value)})`);
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_ENV_VARIABLES) problems.error('env', `may set at most ${MAX_ENV_VARIABLES} variables (got ${entries.length})`);
  const env: Record<string, string> = {};
  for (const [name, v] of entries) {
    const path = `env.${name}`;
    if (!NAME.test(name)) {
      problems.error(path, 'is not a variable name: letters, digits and _, not starting with a digit');
    } else if (RESERVED.test(name)) {
      problems.error(path, 'is set by the agent for each trial (ANNEAL_*, CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER)');
    } else if (looksLikeSecretName(name)) {
      // A sweep config is readable by every member of its organization (and shown in the UI), so
      // a secret must come from the agent, not from here.
      problems.error(path, 'looks like a secret, and every member of the organization can read a sweep config: give it to the agent instead (`anneal agent --trainer-env ' + name + '`)');
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      const text = String(v);
      if (text.length > MAX_ENV_VALUE_LENGTH) problems.error(path, `must be at most ${MAX_ENV_VALUE_LENGTH} characters (got ${text.length})`);
      else env[name] = text;
    } else {
      problems.error(path, `must be a string, number or boolean (got ${describe(v)})`);
    }
  }
  return env;
}
