import { natsInit } from '../embedded/nats-init.js';

export interface NatsInitCommandOptions {
  host: string;
  port: number;
  storeDir?: string | undefined;
}

/** `anneal nats init DIR`: keys and a server config for a nats-server you run yourself. */
export async function runNatsInit(dir: string, o: NatsInitCommandOptions, out: (s: string) => void): Promise<void> {
  const r = await natsInit(dir, o);
  out(`NATS keys and config are in ${dir} (seeds are secrets: mode 600, keep them off shared disks).
Start the server:
  nats-server -c ${r.configFile}
Point Anneal at it:
  NATS_URL=nats://${o.host === '0.0.0.0' ? '<this host>' : o.host}:${o.port} ANNEAL_NATS_ACCOUNT_SEED_FILE=${r.accountSeedFile} npx anneal up
Agents need no NATS secret: they trade their agent token for short-lived credentials.`);
}
