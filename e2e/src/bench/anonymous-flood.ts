/**
 * `node dist/bench/anonymous-flood.js`: `{health}` latency for a client with a key while 8 clients
 * without one send `{health}` as fast as they can (same machine, so one address). Prints JSON.
 * ANNEAL_BENCH_API_MODULE points at another build of @anneal/api, as in metrics-read-memory.
 */
import { createDataSource, migrate } from '@anneal/db';
import { createTestDatabase } from '@anneal/db/testing';
import { generateServerAuth, NatsAuthority, protocolNames } from '@anneal/protocol';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { pino } from 'pino';
import { percentile, round } from './stats.js';

const api = (await import(process.env.ANNEAL_BENCH_API_MODULE ?? '@anneal/api')) as typeof import('@anneal/api');
const db = await createTestDatabase('bench_flood');
const ds = createDataSource({ url: db.url, poolSize: 5 });
await ds.initialize();
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
try {
  await migrate(ds);
  const admin = await api.ensureAdmin(ds);
  const deps = {
    ds, nc, names: protocolNames(`f${randomUUID().slice(0, 8)}`), logger: pino({ level: 'silent' }), publicNatsUrl: 'nats://127.0.0.1:4222',
    natsAuthority: NatsAuthority.fromSeed(generateServerAuth().accountSeed), pokeScheduler: () => {},
  };
  const server = await api.startApiServer(deps, { port: 0, host: '127.0.0.1' });
  const health = async (key: string | null): Promise<number> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ query: '{ health }' }),
    });
    await res.text();
    return res.status;
  };
  const measure = async (n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await health(admin.createdKey!);
      ms.push(performance.now() - t0);
    }
    return { p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)) };
  };
  const quiet = await measure(300);
  // The flooders are processes of their own, so they compete for the API, not for this event loop.
  const loop = `const c = {}; const end = Date.now() + 60000; process.on('SIGTERM', () => { console.log(JSON.stringify(c)); process.exit(0); });
    (async () => { while (Date.now() < end) { const r = await fetch(${JSON.stringify(`${server.url}/graphql`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health }"}' }); await r.text(); c[r.status] = (c[r.status] ?? 0) + 1; } })();`;
  const flooders = Array.from({ length: 8 }, () => spawn(process.execPath, ['-e', loop], { stdio: ['ignore', 'pipe', 'inherit'] }));
  await new Promise((r) => setTimeout(r, 1000));
  const flooded = await measure(300);
  const statuses = await Promise.all(flooders.map((f) => new Promise<string>((resolve) => {
    let out = '';
    f.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    f.on('exit', () => resolve(out.trim()));
    f.kill('SIGTERM');
  })));
  process.stdout.write(`${JSON.stringify({ quiet, flooded, anonymousStatuses: statuses.map((s) => JSON.parse(s || '{}') as object) })}\n`);
  await server.close();
} finally {
  await nc.close();
  await ds.destroy();
  await db.drop();
}
