import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { saveAdminKey } from '../admin-key.js';
import { startWeb } from '../web.js';
import { apiServerUrl, type AnnealEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { listenForShutdown } from '../shutdown-signals.js';
import { natsAuthFromEnv, startStack } from '../stack.js';
import { signalTiedChildren } from '../tied-children.js';

export interface UpOptions { agents: number; slots: number; web: boolean }

/** How long an orderly shutdown may take before the children are killed and `up` exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 60_000;

const DEFAULT_SERVER = 'http://127.0.0.1:4000';

/**
 * Runs the whole product on this machine until SIGINT (Ctrl-C), SIGTERM or SIGHUP. Its child
 * processes (nats-server, the web UI) end with it whatever the signal (see tied-children.ts).
 */
export async function up(env: AnnealEnv, o: UpOptions, out: (s: string) => void): Promise<void> {
  const logger = createLogger(env.ANNEAL_LOG_LEVEL);
  // Listening from the start: a signal during start-up still gets an orderly stop once started.
  const signals = listenForShutdown((s) => out(`${s} again: stopping now`));
  try {
    await serve(env, o, out, logger, signals.first);
  } finally {
    signals.dispose();
  }
}

async function serve(env: AnnealEnv, o: UpOptions, out: (s: string) => void, logger: ReturnType<typeof createLogger>, stopSignal: Promise<NodeJS.Signals>): Promise<void> {
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
${serverHint(env)}Try: npx anneal demo --wait   (or: npx anneal project create demo && npx anneal sweep create -f agent/examples/quickstart/sweep.yaml)
Press Ctrl-C to stop.`);
  web?.once('exit', (code) => {
    if (code) logger.error({ code }, 'the web UI exited');
  });
  const signal = await stopSignal;
  out(`stopping (${signal})…`);
  const deadline = setTimeout(() => {
    out(`shutdown took over ${SHUTDOWN_DEADLINE_MS / 1000} s: stopping now`);
    signalTiedChildren('SIGKILL');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  web?.kill('SIGTERM');
  await stack.stop();
  clearTimeout(deadline);
}

/**
 * The CLI finds this API by itself in a shell with the same ANNEAL_HOST and ANNEAL_API_PORT (or
 * none, on the defaults); a fresh shell on other ports needs to be told where it is.
 */
export function serverHint(env: Pick<AnnealEnv, 'ANNEAL_HOST' | 'ANNEAL_API_PORT'>): string {
  const url = apiServerUrl({ ...env, ANNEAL_SERVER: undefined });
  return url === DEFAULT_SERVER ? '' : `In another shell, point the CLI here first: export ANNEAL_SERVER=${url} (or pass --server ${url})\n`;
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
