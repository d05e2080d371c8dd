import { renderServerConfig, serverJwts } from '@anneal/protocol';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACCOUNT_SEED_FILE, loadOrCreateNatsAuth, writeSecretFile } from './nats-auth-dir.js';

export interface NatsInitOptions {
  host: string;
  port: number;
  /** JetStream's data; default DIR/jetstream. */
  storeDir?: string | undefined;
}

export interface NatsInitResult {
  configFile: string;
  accountSeedFile: string;
  accountSeed: string;
}

/**
 * Prepares a nats-server for an installation whose NATS someone else runs (`anneal nats init`):
 * keys kept in DIR (made once, reused after), and a server config that admits only users
 * Anneal's account signed. Run `nats-server -c DIR/nats.conf`; the API gets DIR/account.seed.
 */
export async function natsInit(dir: string, o: NatsInitOptions): Promise<NatsInitResult> {
  const home = resolve(dir);
  const auth = loadOrCreateNatsAuth(home);
  const storeDir = resolve(o.storeDir ?? join(home, 'jetstream'));
  mkdirSync(storeDir, { recursive: true });
  const configFile = join(home, 'nats.conf');
  writeSecretFile(configFile, renderServerConfig(await serverJwts(auth), { host: o.host, port: o.port, storeDir }));
  return { configFile, accountSeedFile: join(home, ACCOUNT_SEED_FILE), accountSeed: auth.accountSeed };
}
