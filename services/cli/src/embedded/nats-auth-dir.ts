import { generateServerAuth, type NatsServerAuth } from '@anneal/protocol';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTokenFile } from '../agent-token.js';
import { CliError } from '../errors.js';

/** The account seed is what the API needs; the operator and system seeds only sign the server's config. */
export const ACCOUNT_SEED_FILE = 'account.seed';
const FILES = { operatorSeed: 'operator.seed', systemAccountSeed: 'system.seed', accountSeed: ACCOUNT_SEED_FILE } as const;

/**
 * The seeds of a NATS installation, made once and kept (0600, in a 0700 folder): JetStream data
 * belongs to the account, so a new account key on restart would hide every stream.
 */
export function loadOrCreateNatsAuth(dir: string): NatsServerAuth {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const present = Object.values(FILES).filter((f) => existsSync(join(dir, f)));
  if (present.length === 0) {
    const auth = generateServerAuth();
    for (const [field, file] of Object.entries(FILES)) {
      writeFileSync(join(dir, file), `${auth[field as keyof NatsServerAuth]}\n`, { mode: 0o600, flag: 'wx' });
    }
    return auth;
  }
  if (present.length !== 3) {
    throw new CliError('NATS_AUTH_INCOMPLETE', `${dir} holds only ${present.join(', ')}; it needs ${Object.values(FILES).join(', ')} (move the folder away to start over with new keys)`);
  }
  return {
    operatorSeed: readSeed(join(dir, FILES.operatorSeed)),
    systemAccountSeed: readSeed(join(dir, FILES.systemAccountSeed)),
    accountSeed: readSeed(join(dir, FILES.accountSeed)),
  };
}

/** The account seed of an installation whose nats-server someone else runs (ANNEAL_NATS_ACCOUNT_SEED_FILE). */
export function readAccountSeed(path: string): string {
  return readSeed(path);
}

/** Seed files get the same owner-only check as the agent's token file. */
function readSeed(path: string): string {
  return readTokenFile(path, 'NATS seed file', 'the nkey seed `anneal nats init` wrote');
}

export function writeSecretFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}
