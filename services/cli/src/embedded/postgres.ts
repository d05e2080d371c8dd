import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockHome } from './home-lock.js';
import { installSessionAffinity } from './session-affinity.js';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (Postgres compiled to WebAssembly, data in a folder) behind the Postgres wire protocol,
 * so every part of Anneal talks to it exactly as it would to a real server. PGlite is one
 * session; the socket server multiplexes connections onto it and keeps each open transaction
 * to the connection that began it.
 */
export async function startEmbeddedPostgres(home: string, port = 0): Promise<EmbeddedPostgres> {
  const dataDir = join(home, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockHome(home, 'the embedded database');
  let db: PGlite;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create({ dataDir });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 64 });
    installSessionAffinity(server, db);
    await server.start();
  } catch (e) {
    unlock();
    throw e;
  }
  const [, actualPort] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@127.0.0.1:${actualPort}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
      unlock();
    },
  };
}
