import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readTokenFile } from '../agent-token.js';
import { lockHome } from './home-lock.js';
import { writeSecretFile } from './nats-auth-dir.js';
import { startPasswordGate, type PasswordGate } from './password-gate.js';
import { installSessionAffinity } from '../patches/pglite-socket-session-affinity.js';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** The embedded database's password, made on first start and kept beside its data (0600). */
export const PASSWORD_FILE = 'pg-password';

/**
 * PGlite (Postgres compiled to WebAssembly, data in a folder) behind the Postgres wire protocol,
 * so every part of Anneal talks to it exactly as it would to a real server. PGlite is one
 * session; the socket server multiplexes connections onto it and keeps each open transaction
 * to the connection that began it. PGlite trusts every client, so it listens only on a Unix
 * socket in a folder of ANNEAL_HOME that no other user can enter, and TCP clients come in
 * through a gate that asks for the password `anneal up` generated.
 */
export async function startEmbeddedPostgres(home: string, port = 0): Promise<EmbeddedPostgres> {
  const dataDir = join(home, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockHome(home, 'the embedded database');
  const runDir = join(home, 'run');
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  chmodSync(runDir, 0o700);
  const socketPath = join(runDir, 'pg.sock');
  // The lock proves no live process owns a socket left here.
  rmSync(socketPath, { force: true });
  const password = embeddedPassword(home);
  let db: PGlite;
  let server: PGLiteSocketServer;
  let gate: PasswordGate;
  try {
    db = await PGlite.create({ dataDir });
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 64 });
    installSessionAffinity(server, db);
    await server.start();
    gate = await startPasswordGate({ host: '127.0.0.1', port, password, upstreamPath: socketPath });
  } catch (e) {
    unlock();
    throw e;
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${gate.port}/postgres?sslmode=disable`,
    async stop() {
      await gate.close();
      await server.stop();
      await db.close();
      unlock();
    },
  };
}

function embeddedPassword(home: string): string {
  const file = join(home, PASSWORD_FILE);
  if (existsSync(file)) return readTokenFile(file, 'database password file', 'the password (or delete the file for a new one, with the database stopped)');
  const password = randomBytes(24).toString('base64url');
  writeSecretFile(file, `${password}\n`);
  return password;
}
