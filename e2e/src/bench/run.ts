import { startLiveStack } from '../support/live-stack.js';
import { agentOverhead } from './agent-overhead.js';
import { dispatchLatency } from './dispatch-latency.js';
import { ingestOnly } from './ingest-only.js';
import { ingestThroughput } from './ingest-throughput.js';
import { leaderboardLatency } from './leaderboard-latency.js';
import { leaderboardLoad } from './leaderboard-load.js';
import { paretoLeaderboardLatency } from './pareto-leaderboard.js';
import { sweepPageLoad } from './sweep-page.js';
import { trainerThroughput } from './trainer-throughput.js';

/**
 * `npm run bench`: the foundation's figures as one JSON document on stdout. Sizes can be
 * scaled down with ANNEAL_BENCH_SCALE (e.g. 0.1) for a quick look.
 */
const scale = Number(process.env.ANNEAL_BENCH_SCALE ?? 1);
const n = (v: number) => Math.max(1, Math.round(v * scale));

const b = await startLiveStack('bench', 2, 4);
try {
  const only = process.env.ANNEAL_BENCH_ONLY?.split(',');
  const want = (name: string) => !only || only.includes(name);
  const results = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    ingest: want('ingest') ? await ingestThroughput(b, { trials: 8, linesPerTrial: n(25_000), keysPerLine: 5 }) : null,
    ingestOnly: want('ingest-only') ? await ingestOnly(b, { trials: 8, pointsPerTrial: n(125_000), pointsPerMessage: 2500 }) : null,
    dispatch: want('dispatch') ? await dispatchLatency(b, n(200)) : null,
    agentOverhead: want('overhead') ? await agentOverhead(b, n(50)) : null,
    leaderboard: want('leaderboard') ? await leaderboardLatency(b, 10_000, n(200)) : null,
    paretoLeaderboard: want('pareto') ? await paretoLeaderboardLatency(b, 10_000, n(20)) : null,
    // 50 clients for 20 s: only when named (ANNEAL_BENCH_ONLY=leaderboard-load), as it takes a while.
    leaderboardLoad: only?.includes('leaderboard-load') ? await leaderboardLoad(b, { trials: 10_000, clients: 50, durationMs: n(20_000) }) : null,
    trainer: want('trainer') ? await trainerThroughput(n(40)) : null,
    // A browser on the web UI: only when named (ANNEAL_BENCH_ONLY=sweep-page).
    sweepPage: only?.includes('sweep-page') ? await sweepPageLoad(b, { trials: 1000, points: 100, loads: n(5) }) : null,
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  await b.close();
}
