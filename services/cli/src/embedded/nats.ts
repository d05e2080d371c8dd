import { NatsAuthority, renderServerConfig, serverJwts } from '@anneal/protocol';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connect, jwtAuthenticator } from 'nats';
import { CliError } from '../errors.js';
import { spawnTied } from '../tied-children.js';
import { loadOrCreateNatsAuth, writeSecretFile } from './nats-auth-dir.js';

export interface EmbeddedNats {
  url: string;
  /** Signs the users this server admits; there are no others. */
  authority: NatsAuthority;
  stop(): Promise<void>;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const INSTALL_HINT =
  'nats-server was not found on PATH. Install it (Debian/Ubuntu: `apt-get install nats-server`; macOS: `brew install nats-server`; ' +
  'or a release binary from the NATS project), or point Anneal at a running server with NATS_URL=nats://host:4222 (JetStream enabled).';

export interface EmbeddedNatsOptions {
  binary?: string;
  /** Where clients may reach it; 127.0.0.1 unless agents on other machines must connect. */
  host?: string;
  port?: number;
}

/**
 * Starts `nats-server` with JetStream under ANNEAL_HOME, in operator mode: it admits only users
 * whose JWT Anneal's account signed, so a client without credentials is refused at CONNECT.
 */
export async function startEmbeddedNats(home: string, o: EmbeddedNatsOptions = {}): Promise<EmbeddedNats> {
  const binary = o.binary ?? 'nats-server';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new CliError('NATS_SERVER_MISSING', INSTALL_HINT);
  const storeDir = join(home, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const authDir = join(home, 'nats-auth');
  const auth = loadOrCreateNatsAuth(authDir);
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? await freePort(host);
  const configFile = join(authDir, 'nats.conf');
  writeSecretFile(configFile, renderServerConfig(await serverJwts(auth), { host, port, storeDir }));
  const child: ChildProcess = spawnTied(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const url = `nats://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const authority = NatsAuthority.fromSeed(auth.accountSeed);
  const probeUser = await authority.serviceCredentials('anneal start-up probe');
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new CliError('NATS_SERVER_FAILED', `nats-server exited with code ${child.exitCode}:\n${stderr}`);
    try {
      const nc = await connect({ servers: url, timeout: 500, authenticator: jwtAuthenticator(probeUser.jwt, probeUser.seed) });
      await nc.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new CliError('NATS_SERVER_FAILED', `nats-server did not accept connections on ${url} within 10 s:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    authority,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
