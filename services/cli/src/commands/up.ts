import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { saveAdminKey } from '../admin-key.js';
import { startWeb } from '../web.js';
import type { AnnealEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { startStack } from '../stack.js';

export interface UpOptions { agents: number; slots: number; web: boolean }

/** Runs the whole product on this machine until Ctrl-C. */
export async function up(env: AnnealEnv, o: UpOptions, out: (s: string) => void): Promise<void> {
  const logger = createLogger(env.ANNEAL_LOG_LEVEL);
  const stack = await startStack({
    home: env.ANNEAL_HOME, databaseUrl: env.DATABASE_URL, natsUrl: env.NATS_URL, namespace: env.ANNEAL_NAMESPACE,
    apiPort: env.ANNEAL_API_PORT, adminKey: env.ANNEAL_ADMIN_KEY, agents: o.agents, agentSlots: o.slots, logger,
  });
  const keyFile = join(env.ANNEAL_HOME, 'admin-key');
  if (stack.createdAdminKey) {
    saveAdminKey(env.ANNEAL_HOME, stack.createdAdminKey);
    out(`\nAdmin API key (shown once; also saved to ${keyFile}):\n  ${stack.createdAdminKey}\n`);
  }
  let web: ChildProcess | undefined;
  if (o.web) {
    try {
      web = startWeb(stack.apiUrl, env.ANNEAL_WEB_PORT);
    } catch (e) {
      await stack.stop();
      throw e;
    }
  }
  out(`Anneal is up.
  GraphQL API  http://localhost:${env.ANNEAL_API_PORT}/graphql
  ${o.web ? `Web UI       http://localhost:${env.ANNEAL_WEB_PORT}` : 'Web UI       (disabled)'}
  Agents       ${o.agents} local (pool "default")
  API key      ${stack.createdAdminKey ? 'above' : existsSync(keyFile) ? `in ${keyFile}` : 'ANNEAL_ADMIN_KEY'}
Try: npx anneal demo --wait   (or: npx anneal project create demo && npx anneal sweep create -f agent/examples/quickstart/sweep.yaml)
Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    web?.once('exit', (code) => {
      if (code) logger.error({ code }, 'the web UI exited');
    });
  });
  out('stopping…');
  web?.kill('SIGTERM');
  await stack.stop();
}
