import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { saveAdminKey } from '../admin-key.js';
import { startWeb } from '../web.js';
import type { AnnealEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { natsAuthFromEnv, startStack } from '../stack.js';

export interface UpOptions { agents: number; slots: number; web: boolean }

/** Runs the whole product on this machine until Ctrl-C. */
export async function up(env: AnnealEnv, o: UpOptions, out: (s: string) => void): Promise<void> {
  const logger = createLogger(env.ANNEAL_LOG_LEVEL);
  const stack = await startStack({
    home: env.ANNEAL_HOME, databaseUrl: env.DATABASE_URL, natsUrl: env.NATS_URL, ...natsAuthFromEnv(env), namespace: env.ANNEAL_NAMESPACE,
    host: env.ANNEAL_HOST, apiPort: env.ANNEAL_API_PORT, adminKey: env.ANNEAL_ADMIN_KEY, agents: o.agents, agentSlots: o.slots, logger,
  });
  const keyFile = join(env.ANNEAL_HOME, 'admin-key');
  if (stack.createdAdminKey) {
    saveAdminKey(env.ANNEAL_HOME, stack.createdAdminKey);
    out(`\nAdmin API key (shown once; also saved to ${keyFile}):\n  ${stack.createdAdminKey}\n`);
  }
  let web: ChildProcess | undefined;
  if (o.web) {
    try {
      web = startWeb(stack.apiUrl, env.ANNEAL_WEB_PORT, env.ANNEAL_HOST);
    } catch (e) {
      await stack.stop();
      throw e;
    }
  }
  const shown = displayHost(env.ANNEAL_HOST);
  out(`Anneal is up.
  GraphQL API  http://${shown}:${env.ANNEAL_API_PORT}/graphql
  ${o.web ? `Web UI       http://${shown}:${env.ANNEAL_WEB_PORT}` : 'Web UI       (disabled)'}
  NATS         ${stack.natsUrl} (JWT authentication; agents get credentials from the API)
  Agents       ${o.agents} local (pool "default")
  API key      ${stack.createdAdminKey ? 'above' : existsSync(keyFile) ? `in ${keyFile}` : 'ANNEAL_ADMIN_KEY'}
${joinHint(env.ANNEAL_HOST, env.ANNEAL_API_PORT, stack.natsUrl)}
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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '<this machine>';
  return host.includes(':') ? `[${host}]` : host;
}

/** How a GPU box joins, or how to let it: the services listen on loopback unless told otherwise. */
function joinHint(host: string, apiPort: number, natsUrl: string): string {
  if (LOOPBACK.has(host)) {
    return `Listening on ${host} only. To let agents on other machines join, restart with ANNEAL_HOST=0.0.0.0 (or this
machine's address) and open ports ${apiPort} (API) and ${new URL(natsUrl).port} (NATS, authenticated) to them.`;
  }
  const nats = new URL(natsUrl);
  return `A GPU box joins with an agent token (anneal key create --role agent --pool default), saved there mode 600:
  anneal --server http://${displayHost(host)}:${apiPort} agent --token-file TOKEN_FILE --pool default --gpus all --nats nats://${displayHost(host)}:${nats.port}
It trades the token for short-lived NATS credentials; set ANNEAL_NATS_PORT to keep that port the same across restarts.`;
}
