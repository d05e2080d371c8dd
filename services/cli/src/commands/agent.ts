import { fetchAgentBootstrap, parseGpuSpec, startAgent } from '@anneal/agent';
import { join } from 'node:path';
import type { AnnealEnv } from '../env.js';
import { createLogger } from '../logger.js';

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
}

/** `anneal agent`: learns where NATS is from the API, then works until SIGTERM/SIGINT (drains). */
export async function runAgentCommand(env: AnnealEnv, o: AgentCommandOptions, out: (s: string) => void): Promise<void> {
  const logger = createLogger(env.ANNEAL_LOG_LEVEL);
  // Checked before talking to the server, so a typo fails at once.
  const gpus = o.gpus === undefined ? null : parseGpuSpec(o.gpus);
  const boot = await fetchAgentBootstrap(o.server, o.token);
  const agent = await startAgent({
    natsUrl: o.nats ?? boot.natsUrl, namespace: boot.namespace, organizationId: boot.organizationId, natsToken: boot.natsToken ?? null,
    pool: o.pool, slots: o.slots, gpus, nvidiaSmi: o.nvidiaSmi, workDir: o.workDir ?? join(env.ANNEAL_HOME, 'agent'), interpreter: o.interpreter, logger,
  });
  const { slots, gpus: found } = agent.resources();
  const on = found.length === 0 ? 'CPU only' : `GPU${found.length === 1 ? '' : 's'} ${found.map((g) => `${g.index} (${g.name})`).join(', ')}`;
  out(`agent ${agent.id} is taking work from pool "${o.pool}" with ${slots} slot${slots === 1 ? '' : 's'}, ${on}; Ctrl-C drains it`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  out('draining: no new trials; waiting for running ones to finish (Ctrl-C again to stop them now)');
  const hard = () => void agent.stop();
  process.once('SIGINT', hard);
  process.once('SIGTERM', hard);
  await agent.drain();
}
