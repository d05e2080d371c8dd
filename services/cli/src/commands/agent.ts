import { fetchAgentBootstrap, serverCredentialSource, openWorkDirTo, parseGpuSpec, resolveTrainerUser, startAgent } from '@anneal/agent';
import { join } from 'node:path';
import type { AnnealEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { CliError } from '../errors.js';

export interface AgentCommandOptions {
  server: string;
  token: string;
  pool: string;
  /** Undefined: 1 on a CPU-only agent, one per GPU with --gpus. */
  slots?: number | undefined;
  /** `all` or comma-separated nvidia-smi indices; undefined: a CPU-only agent. */
  gpus?: string | undefined;
  nvidiaSmi?: string | undefined;
  nats?: string | undefined;
  workDir?: string | undefined;
  interpreter: string;
  /** Undefined: `nobody` when the agent is root, else the agent's own user. */
  trainerUser?: string | undefined;
  /** Variables of the agent's environment trainers get besides the allowlist. */
  trainerEnv?: string[] | undefined;
  /** `--data-root`: folders sweeps' local data and checkpoint_store paths must lie in; undefined: anywhere. */
  dataRoot?: string[] | undefined;
}

/** Root's trainers run as nobody unless told otherwise: user code must not share root's rights. */
const ROOT_TRAINER_USER = 'nobody';

/** `anneal agent`: learns where NATS is from the API, then works until SIGTERM/SIGINT (drains). */
export async function runAgentCommand(env: AnnealEnv, o: AgentCommandOptions, out: (s: string) => void): Promise<void> {
  const logger = createLogger(env.ANNEAL_LOG_LEVEL);
  // Checked before talking to the server, so a typo fails at once.
  const gpus = o.gpus === undefined ? null : parseGpuSpec(o.gpus);
  const workDir = o.workDir ?? join(env.ANNEAL_HOME, 'agent');
  const trainerUser = o.trainerUser ?? (process.getuid?.() === 0 ? ROOT_TRAINER_USER : undefined);
  const user = resolveTrainerUser(trainerUser);
  // A work dir the trainer user cannot reach (one under /root) fails here, not on every trial.
  if (user !== null) await openWorkDirTo(workDir, user);
  const boot = await fetchAgentBootstrap(o.server, o.token);
  if (!boot.pools.includes(o.pool)) {
    throw new CliError('BAD_FLAG', `this agent token may take work from pool${boot.pools.length === 1 ? '' : 's'} ${boot.pools.join(', ')}, not "${o.pool}"; pass --pool ${boot.pools[0]}`);
  }
  const agent = await startAgent({
    natsUrl: o.nats ?? boot.natsUrl, namespace: boot.namespace, organizationId: boot.organizationId,
    credentials: serverCredentialSource(o.server, o.token), assignmentKey: boot.assignmentPublicKey,
    pool: o.pool, slots: o.slots, gpus, nvidiaSmi: o.nvidiaSmi, workDir, interpreter: o.interpreter, logger,
    trainerUser, trainerEnv: o.trainerEnv, dataRoots: o.dataRoot,
  });
  const { slots, gpus: found } = agent.resources();
  const on = found.length === 0 ? 'CPU only' : `GPU${found.length === 1 ? '' : 's'} ${found.map((g) => `${g.index} (${g.name})`).join(', ')}`;
  out(`agent ${agent.id} is taking work from pool "${o.pool}" with ${slots} slot${slots === 1 ? '' : 's'}, ${on}; Ctrl-C drains it`);
  const signalled = await new Promise<boolean>((resolve, reject) => {
    process.once('SIGINT', () => resolve(true));
    process.once('SIGTERM', () => resolve(true));
    // An agent that lost NATS for good (a revoked token cannot renew its credentials) has
    // stopped its trainers already; say why and exit non-zero rather than idle.
    agent.closed().then(() => resolve(false), (e: unknown) => reject(new CliError('AGENT_STOPPED', `the agent stopped: ${(e as Error).message}`)));
  });
  if (!signalled) return;
  out('draining: no new trials; waiting for running ones to finish (Ctrl-C again to stop them now)');
  const hard = () => void agent.stop();
  process.once('SIGINT', hard);
  process.once('SIGTERM', hard);
  await agent.drain();
}
