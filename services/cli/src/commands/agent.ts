import { fetchAgentBootstrap, startAgent } from '@anneal/agent';
import { join } from 'node:path';
import type { AnnealEnv } from '../env.js';
import { createLogger } from '../logger.js';

export interface AgentCommandOptions { server: string; token: string; pool: string; slots: number; nats?: string | undefined; workDir?: string | undefined; interpreter: string }

/** `anneal agent`: learns where NATS is from the API, then works until SIGTERM/SIGINT (drains). */
export async function runAgentCommand(env: AnnealEnv, o: AgentCommandOptions, out: (s: string) => void): Promise<void> {
  const logger = createLogger(env.ANNEAL_LOG_LEVEL);
  const boot = await fetchAgentBootstrap(o.server, o.token);
  const agent = await startAgent({
    natsUrl: o.nats ?? boot.natsUrl, namespace: boot.namespace, organizationId: boot.organizationId, natsToken: boot.natsToken ?? null,
    pool: o.pool, slots: o.slots, workDir: o.workDir ?? join(env.ANNEAL_HOME, 'agent'), interpreter: o.interpreter, logger,
  });
  out(`agent ${agent.id} is taking work from pool "${o.pool}" with ${o.slots} slot${o.slots === 1 ? '' : 's'}; Ctrl-C drains it`);
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
