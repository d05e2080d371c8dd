import { freePort, natsInit } from '@anneal/cli/embedded';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateNats {
  url: string;
  /** Remove it when done: JetStream data and the keys live here. */
  storeDir: string;
  /** What ANNEAL_NATS_ACCOUNT_SEED_FILE would hold. */
  accountSeed: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A nats-server run the way an operator runs their own, configured by `anneal nats init` so it
 * takes only users Anneal's account signed; it can be stopped and started again (its store survives).
 */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'anneal-nats-'));
  const { configFile, accountSeed } = await natsInit(join(storeDir, 'auth'), { host: '127.0.0.1', port, storeDir: join(storeDir, 'js') });
  let server: ChildProcess | null = null;
  const accepts = () => new Promise<boolean>((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
  const handle: PrivateNats = {
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    accountSeed,
    async start() {
      server = spawn('nats-server', ['-c', configFile], { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await accepts())) {
        if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port} within 10 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const s = server;
      server = null;
      if (s === null || s.exitCode !== null) return;
      const exited = new Promise((r) => s.once('exit', r));
      s.kill('SIGTERM');
      await exited;
    },
  };
  await handle.start();
  return handle;
}
