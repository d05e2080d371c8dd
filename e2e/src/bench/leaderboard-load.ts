/**
 * `node dist/bench/leaderboard-load.js`: many clients reading the leaderboard at once. A live stack
 * (as `npm run bench` starts it), one sweep seeded with 10,000 trials by SQL, then 50 clients, each
 * looping the leaderboard query of leaderboard-latency (top 50 by objective, with params) with the
 * admin key for a fixed time. Prints JSON: latency p50/p95/p99, throughput, answers by HTTP status
 * (429 RATE_LIMITED counted on its own: legitimate load should never see one) and the RSS of this
 * process, which runs the API (sampled every 500 ms: start, peak, end).
 *
 * The clients run in a child process (this file again, `clients` mode), so they compete with the
 * API for the CPUs but not for its event loop. Sizes: ANNEAL_BENCH_LOAD_CLIENTS (50),
 * ANNEAL_BENCH_LOAD_SECONDS (20), ANNEAL_BENCH_LOAD_TRIALS (10000). Also `npm run bench` with
 * ANNEAL_BENCH_ONLY=leaderboard-load (only when named: it takes a while).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLiveStack, type LiveStack } from '../support/live-stack.js';
import { seedLeaderboardSweep } from './leaderboard-latency.js';
import { percentile, round } from './stats.js';

const LEADERBOARD = `query($id: ID!) { sweep(id: $id) { trialCounts { total } bestTrial { number objective }
    trials(first: 50, orderBy: OBJECTIVE) { totalCount edges { node { number status objective params } } } } }`;

export interface LeaderboardLoadOptions { trials: number; clients: number; durationMs: number }

/** What the client process reports: per-request latencies and counts, in its own clock. */
interface ClientReport {
  ms: number[];
  statuses: Record<string, number>;
  /** 200 answers that still carry GraphQL `errors`. */
  graphqlErrors: number;
  /** Error codes of non-200 answers (e.g. RATE_LIMITED), by count. */
  codes: Record<string, number>;
  /** Requests that failed without an answer (connection reset, ...). */
  networkErrors: number;
  wallMs: number;
  firstTotalCount: number | null;
}

export async function leaderboardLoad(b: LiveStack, o: LeaderboardLoadOptions) {
  const key = b.stack.createdAdminKey;
  if (!key) throw new Error('the live stack made no admin key');
  const sweepId = await seedLeaderboardSweep(b, o.trials);
  // Warm up (JIT, connection pool, plan cache) one request at a time, then let the key's bucket refill.
  for (let i = 0; i < 20; i++) await b.gql(LEADERBOARD, { id: sweepId });
  await new Promise((r) => setTimeout(r, 2500));

  const mb = () => process.memoryUsage().rss / 1024 / 1024;
  const rss: number[] = [mb()];
  const sampler = setInterval(() => rss.push(mb()), 500);
  const cpu0 = process.cpuUsage();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'clients'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env, LOAD_URL: `${b.stack.apiUrl}/graphql`, LOAD_KEY: key, LOAD_SWEEP: sweepId,
      LOAD_CLIENTS: String(o.clients), LOAD_MS: String(o.durationMs),
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  rss.push(mb());
  if (code !== 0) throw new Error(`the load clients exited with ${code}`);
  const r = JSON.parse(out) as ClientReport;
  const requests = r.ms.length;
  const ok = r.statuses['200'] ?? 0;
  return {
    trials: o.trials, clients: o.clients, durationS: o.durationMs / 1000, wallS: round(r.wallMs / 1000),
    requests, ok, throughputRps: round(requests / (r.wallMs / 1000), 1), okThroughputRps: round(ok / (r.wallMs / 1000), 1),
    p50Ms: round(percentile(r.ms, 50)), p95Ms: round(percentile(r.ms, 95)), p99Ms: round(percentile(r.ms, 99)), maxMs: round(Math.max(...r.ms)),
    statuses: r.statuses, non200: requests - ok - r.networkErrors, rateLimited429: r.statuses['429'] ?? 0, codes: r.codes,
    graphqlErrorsIn200: r.graphqlErrors, networkErrors: r.networkErrors, totalCountSeen: r.firstTotalCount,
    // CPU of this process (API and the rest of the stack) per answered request: 1000 / this bounds one API process's req/s.
    apiCpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / Math.max(1, requests), 3),
    rssMb: { start: round(rss[0]!, 1), peak: round(Math.max(...rss), 1), end: round(rss[rss.length - 1]!, 1), samples: rss.length },
  };
}

/** Child mode: LOAD_CLIENTS loops for LOAD_MS, each sending the next request when its last one is answered. */
async function runClients(): Promise<void> {
  const url = process.env.LOAD_URL!;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${process.env.LOAD_KEY!}` };
  const body = JSON.stringify({ query: LEADERBOARD, variables: { id: process.env.LOAD_SWEEP! } });
  const clients = Number(process.env.LOAD_CLIENTS);
  const report: ClientReport = { ms: [], statuses: {}, graphqlErrors: 0, codes: {}, networkErrors: 0, wallMs: 0, firstTotalCount: null };
  const start = performance.now();
  const end = start + Number(process.env.LOAD_MS);
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers, body });
        const text = await res.text();
        report.ms.push(performance.now() - t0);
        report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
        if (res.status === 200) {
          if (text.includes('"errors"')) report.graphqlErrors++;
          if (report.firstTotalCount === null) {
            report.firstTotalCount = (JSON.parse(text) as { data?: { sweep?: { trials?: { totalCount?: number } } } }).data?.sweep?.trials?.totalCount ?? -1;
          }
        } else {
          const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? `HTTP_${res.status}`;
          report.codes[code] = (report.codes[code] ?? 0) + 1;
        }
      } catch {
        report.ms.push(performance.now() - t0);
        report.networkErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  report.wallMs = performance.now() - start;
  process.stdout.write(JSON.stringify(report));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === 'clients') {
    await runClients();
  } else {
    const env = (name: string, d: number) => Number(process.env[name] ?? d);
    const b = await startLiveStack('bench', 2, 4);
    try {
      const result = await leaderboardLoad(b, {
        trials: env('ANNEAL_BENCH_LOAD_TRIALS', 10_000), clients: env('ANNEAL_BENCH_LOAD_CLIENTS', 50), durationMs: env('ANNEAL_BENCH_LOAD_SECONDS', 20) * 1000,
      });
      process.stdout.write(`${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, leaderboardLoad: result }, null, 2)}\n`);
    } finally {
      await b.close();
    }
  }
}
