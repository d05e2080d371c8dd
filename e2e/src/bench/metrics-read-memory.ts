/**
 * `node dist/bench/metrics-read-memory.js`: how long heavy metric reads take and what they do to
 * the API's memory (RSS of this process, which runs the API; the client side only reads bodies).
 * 1. A trial flooded with 100,001 series (one point each): 20 aliases of its `metrics`.
 * 2. The heaviest read the limits allow: 1,000 series × 1,000 points read at maxPoints 200
 *    (200,000 points, the per-request ceiling), 10 times in a row.
 * ANNEAL_BENCH_API_MODULE points at another build of @anneal/api (e.g. one from before the
 * limits; then set ANNEAL_BENCH_OLD_SCHEMA=1, as it has no `maxPoints`). Prints JSON.
 */
import { createDataSource, migrate } from '@anneal/db';
import { createTestDatabase } from '@anneal/db/testing';
import { generateServerAuth, NatsAuthority, protocolNames } from '@anneal/protocol';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'nats';
import { pino } from 'pino';

const api = (await import(process.env.ANNEAL_BENCH_API_MODULE ?? '@anneal/api')) as typeof import('@anneal/api');
const oldSchema = process.env.ANNEAL_BENCH_OLD_SCHEMA === '1';
const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
/** Peak RSS since the last `resetPeak` (Linux: VmHWM, reset by writing 5 to clear_refs). */
const peakMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024);
const resetPeak = () => writeFileSync('/proc/self/clear_refs', '5');

const db = await createTestDatabase('bench_mem');
const ds = createDataSource({ url: db.url, poolSize: 5 });
await ds.initialize();
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
try {
  await migrate(ds);
  const admin = await api.ensureAdmin(ds);
  const names = protocolNames(`m${randomUUID().slice(0, 8)}`);
  const deps = {
    ds, nc, names, logger: pino({ level: 'silent' }), publicNatsUrl: 'nats://127.0.0.1:4222',
    natsAuthority: NatsAuthority.fromSeed(generateServerAuth().accountSeed), pokeScheduler: () => {},
  };
  const server = await api.startApiServer(deps, { port: 0, host: '127.0.0.1' });
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.createdKey!}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    const code = res.status === 200 ? undefined : (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code;
    return { status: res.status, bytes: text.length, code };
  };
  const project = randomUUID();
  const sweep = randomUUID();
  await ds.query(`INSERT INTO project (id, organization_id, name) VALUES ($1, $2, 'bench')`, [project, admin.organizationId]);
  await ds.query(
    `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, searcher_state, metric_name, metric_goal, pool, max_concurrent, seed)
     SELECT $1, $2, 'bench', 'STOPPED', 'random', '{}', '{}', '{}', 'loss', 'minimize', 'default', 1, 1`,
    [sweep, project],
  );
  const trial = async (number: number): Promise<string> => {
    const id = randomUUID();
    await ds.query(`INSERT INTO trial (id, sweep_id, number, status, params, lease_token) VALUES ($1, $2, $3, 'COMPLETED', '{}', md5($4))`, [id, sweep, number, id]);
    return id;
  };
  const flooded = await trial(0);
  await ds.query(`INSERT INTO metric (trial_id, key, step, value, reported_at) SELECT $1, 'k' || i, 0, random(), now() FROM generate_series(0, 100000) AS i`, [flooded]);
  const heavy = await trial(1);
  await ds.query(
    `INSERT INTO metric (trial_id, key, step, value, reported_at)
     SELECT $1, 'k' || k, s, random(), now() FROM generate_series(1, 1000) AS k, generate_series(0, 999) AS s`,
    [heavy],
  );
  await ds.query('ANALYZE metric');
  const out: Record<string, unknown> = { rssAtStartMb: mb() };

  const flood = `query($id: ID!) { ${Array.from({ length: 20 }, (_, i) => `a${i}: trial(id: $id) { metrics { key points { step value } } }`).join(' ')} }`;
  resetPeak();
  let t0 = performance.now();
  const r1 = await gql(flood, { id: flooded });
  out.flood20Aliases = { status: r1.status, code: r1.code, responseBytes: r1.bytes, ms: Math.round(performance.now() - t0), rssAfterMb: mb(), peakRssMb: peakMb() };

  const heaviest = `query($id: ID!) { trial(id: $id) { metrics { key ${oldSchema ? 'points { step value }' : 'points(maxPoints: 200) { step value }'} } } }`;
  const repeats = [];
  for (let i = 0; i < 10; i++) {
    resetPeak();
    t0 = performance.now();
    const r = await gql(heaviest, { id: heavy });
    repeats.push({ status: r.status, code: r.code, responseBytes: r.bytes, ms: Math.round(performance.now() - t0), rssAfterMb: mb(), peakRssMb: peakMb() });
  }
  out.heaviestAllowed10x = repeats;
  await new Promise((r) => setTimeout(r, 2000));
  out.rssAfterIdle2sMb = mb();
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  await server.close();
} finally {
  await nc.close();
  await ds.destroy();
  await db.drop();
}
