import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connect } from 'nats';
import { CliError } from '../errors.js';

export interface EmbeddedNats {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const INSTALL_HINT =
  'nats-server was not found on PATH. Install it (Debian/Ubuntu: `apt-get install nats-server`; macOS: `brew install nats-server`; ' +
  'or a release binary from the NATS project), or point Anneal at a running server with NATS_URL=nats://host:4222 (JetStream enabled).';

/** Starts `nats-server -js` on a free local port, storing JetStream data under ANNEAL_HOME. */
export async function startEmbeddedNats(home: string, binary = 'nats-server'): Promise<EmbeddedNats> {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new CliError('NATS_SERVER_MISSING', INSTALL_HINT);
  const storeDir = join(home, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const url = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new CliError('NATS_SERVER_FAILED', `nats-server exited with code ${child.exitCode}:\n${stderr}`);
    try {
      const nc = await connect({ servers: url, timeout: 500 });
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
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
