import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP link to a real server that a test can cut and mend, to take a database away from one
 * component (ingest) while the rest of the stack keeps it: the outage is a real one, with
 * reset connections and refused reconnects.
 */
export interface CuttableLink {
  port: number;
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

export async function cuttableLink(target: { host: string; port: number }): Promise<CuttableLink> {
  const open = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the link has no port');
  return {
    port: address.port,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    mend() { down = false; },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
