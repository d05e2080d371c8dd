import { Algorithms, createAccount, createOperator, encodeAccount, encodeOperator, fromSeed } from '@nats-io/jwt';

/**
 * The keys and JWTs a nats-server needs to run in operator mode for Anneal: an operator, the
 * system account, and the one account Anneal works in. Seeds are secrets (files 0600).
 */
export interface NatsServerAuth {
  operatorSeed: string;
  systemAccountSeed: string;
  accountSeed: string;
}

export interface NatsServerJwts {
  operator: string;
  systemAccount: { publicKey: string; jwt: string };
  account: { publicKey: string; jwt: string };
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

export function generateServerAuth(): NatsServerAuth {
  return { operatorSeed: text(createOperator().getSeed()), systemAccountSeed: text(createAccount().getSeed()), accountSeed: text(createAccount().getSeed()) };
}

/** JWTs are re-derived from the seeds at each start, so only the seeds need keeping. */
export async function serverJwts(auth: NatsServerAuth): Promise<NatsServerJwts> {
  const operator = fromSeed(new TextEncoder().encode(auth.operatorSeed));
  const system = fromSeed(new TextEncoder().encode(auth.systemAccountSeed));
  const account = fromSeed(new TextEncoder().encode(auth.accountSeed));
  const opts = { algorithm: Algorithms.v2 };
  const operatorJwt = await encodeOperator('anneal', operator, { system_account: system.getPublicKey() }, opts);
  const systemJwt = await encodeAccount('SYS', system, {}, { ...opts, signer: operator });
  const accountJwt = await encodeAccount('ANNEAL', account, {
    // -1: unlimited. Non-zero storage is what enables JetStream for the account.
    limits: { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1, mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 },
  }, { ...opts, signer: operator });
  return {
    operator: operatorJwt,
    systemAccount: { publicKey: system.getPublicKey(), jwt: systemJwt },
    account: { publicKey: account.getPublicKey(), jwt: accountJwt },
  };
}

/** Room for an agent JWT with many pools. */
export const MAX_CONTROL_LINE = 65_536;

export interface ServerConfigOptions {
  host: string;
  port: number;
  storeDir: string;
}

/** A nats-server configuration that admits only users signed by Anneal's account. */
export function renderServerConfig(jwts: NatsServerJwts, o: ServerConfigOptions): string {
  const q = (s: string): string => JSON.stringify(s);
  return [
    '# Written by Anneal. Clients need a user JWT signed by the account below; there is no anonymous access.',
    `listen: ${q(`${o.host}:${o.port}`)}`,
    `jetstream: { store_dir: ${q(o.storeDir)} }`,
    `# Agent JWTs list their permitted subjects and outgrow the default 4 KiB CONNECT line.`,
    `max_control_line: ${MAX_CONTROL_LINE}`,
    `operator: ${q(jwts.operator)}`,
    `system_account: ${q(jwts.systemAccount.publicKey)}`,
    'resolver: MEMORY',
    'resolver_preload: {',
    `  ${jwts.systemAccount.publicKey}: ${q(jwts.systemAccount.jwt)}`,
    `  ${jwts.account.publicKey}: ${q(jwts.account.jwt)}`,
    '}',
    '',
  ].join('\n');
}
