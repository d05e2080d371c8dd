import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from './errors.js';

const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535').default(fallback);
const url = (protocols: string[], example: string) =>
  z.string().trim().min(1).refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL like ${example}`).optional();

const envSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user@host:5432/anneal'),
  NATS_URL: url(['nats:', 'tls:', 'ws:', 'wss:'], 'nats://127.0.0.1:4222'),
  /** With NATS_URL: the account seed file `anneal nats init` wrote (mode 600). */
  ANNEAL_NATS_ACCOUNT_SEED_FILE: z.string().min(1).optional(),
  /** Where `anneal up` listens (API, web UI, embedded NATS). Loopback unless you mean otherwise. */
  ANNEAL_HOST: z.string().trim().regex(/^[A-Za-z0-9.:%-]+$/, 'must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  /** Seconds agents' NATS credentials live; a revoked agent token loses NATS within this. */
  ANNEAL_AGENT_CREDENTIAL_TTL: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(10, 'must be at least 10 seconds').max(86_400, 'must be at most 86400 (a day)').default(3600),
  /** Port of the nats-server `anneal up` starts; default: a free one. */
  ANNEAL_NATS_PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1-65535').max(65535, 'must be 1-65535').optional(),
  ANNEAL_HOME: z.string().min(1).default(join(homedir(), '.anneal')),
  ANNEAL_API_PORT: port(4000),
  /** The API the CLI talks to; default: where `anneal up` listens under this environment (see apiServerUrl). */
  ANNEAL_SERVER: url(['http:', 'https:'], 'http://127.0.0.1:4000'),
  ANNEAL_WEB_PORT: port(3000),
  ANNEAL_ADMIN_KEY: z.string().trim().min(1).optional(),
  ANNEAL_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lower-case letters, digits and _, starting with a letter').default('anneal'),
  ANNEAL_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type AnnealEnv = z.infer<typeof envSchema>;

/** Reads the environment once, at start, and names every variable that is wrong. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): AnnealEnv {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, source[k] === '' ? undefined : source[k]]));
  const parsed = envSchema.safeParse(picked);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(picked[String(i.path[0])])}: ${i.message}`);
  throw new CliError('BAD_ENV', `invalid environment:\n${lines.join('\n')}`);
}

/**
 * The API the CLI talks to when `--server` is not given: ANNEAL_SERVER, else where `anneal up`
 * listens under the same environment (ANNEAL_HOST, ANNEAL_API_PORT), so the commands `up`
 * suggests work on a port it was told to use. A wildcard address is reached on loopback.
 */
export function apiServerUrl(env: Pick<AnnealEnv, 'ANNEAL_SERVER' | 'ANNEAL_HOST' | 'ANNEAL_API_PORT'>): string {
  if (env.ANNEAL_SERVER) return env.ANNEAL_SERVER;
  const host = env.ANNEAL_HOST === '0.0.0.0' ? '127.0.0.1' : env.ANNEAL_HOST === '::' ? '::1' : env.ANNEAL_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.ANNEAL_API_PORT}`;
}
