/**
 * `node dist/bench/spend-of-sweep.js`: how long `SpendStore.ofSweep` takes on a budgeted sweep of
 * 10,000 finished trials (plus 4 running and 20 queued), the read the scheduler makes on every
 * tick. Median of 20 calls after 3 warm-up calls, in real Postgres. ANNEAL_BENCH_DB_MODULE points
 * at another build of @anneal/db (e.g. a copy of services/db/dist from before the read summed up
 * in SQL, kept under the repository so its imports resolve): both are timed on the same sweep,
 * and the old build's rows are summed up with the core's `finishedCosts` to check both agree.
 * Prints JSON.
 */
import { budgetRoom, finishedCosts, type BudgetUsage, type TrialCost } from '@anneal/core';
import { createDataSource, migrate, SpendStore } from '@anneal/db';
import { createTestDatabase } from '@anneal/db/testing';
import { performance } from 'node:perf_hooks';
import { round } from './stats.js';

const TRIALS = Number(process.env.ANNEAL_BENCH_TRIALS ?? 10_000);
const CALLS = 20;
const other = process.env.ANNEAL_BENCH_DB_MODULE;
/** The read before this change returned finished trials one by one. */
type OldSpend = Omit<BudgetUsage, 'finished'> & { finished: TrialCost[] };
const old = other ? (await import(other)) as { SpendStore: new (db: unknown) => { ofSweep(id: string): Promise<OldSpend> } } : null;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
/**
 * Median wall time and this process's CPU time (the scheduler's event loop) of each function
 * over CALLS calls after 3 warm-up calls each; the functions take turns, so load from others on
 * a shared machine falls on both alike.
 */
async function time<T>(fs: Array<() => Promise<T>>): Promise<Array<{ ms: number; cpuMs: number; result: T }>> {
  for (let i = 0; i < 3; i += 1) for (const f of fs) await f();
  const ms = fs.map(() => [] as number[]);
  const cpu = fs.map(() => [] as number[]);
  const results: T[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    for (const [k, f] of fs.entries()) {
      const c = process.cpuUsage();
      const t = performance.now();
      results[k] = await f();
      ms[k]!.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu[k]!.push((used.user + used.system) / 1000);
    }
  }
  return fs.map((_, k) => ({ ms: median(ms[k]!), cpuMs: median(cpu[k]!), result: results[k]! }));
}

const db = await createTestDatabase('bench_spend');
const ds = createDataSource({ url: db.url, poolSize: 2 });
await ds.initialize();
try {
  await migrate(ds);
  const [{ id: org }] = await ds.query(`INSERT INTO organization (id, name) VALUES (gen_random_uuid(), 'o') RETURNING id`);
  const [{ id: project }] = await ds.query(`INSERT INTO project (id, organization_id, name) VALUES (gen_random_uuid(), $1, 'p') RETURNING id`, [org]);
  const [{ id: sweep }] = await ds.query(
    `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, pool, max_concurrent, seed, searcher_state)
     VALUES (gen_random_uuid(), $1, 's', 'RUNNING', 'random', '', '{}', 'default', 4, 1, '{}') RETURNING id`, [project],
  );
  // Finished trials of 1 to 120 minutes on 0 (NULL), 0.3, 0.5, 1 or 2 GPUs, as a long sweep leaves them.
  await ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token, gpus, started_at, finished_at)
     SELECT gen_random_uuid(), $1, n, (ARRAY['COMPLETED', 'PRUNED', 'FAILED'])[1 + n % 3], '{}', 0, 'x',
            (ARRAY[NULL, 0.5, 1, 2, 0.3]::real[])[1 + n % 5],
            now() - interval '3 days', now() - interval '3 days' + make_interval(secs => 60 + (n * 7919) % 7140 + (n % 997) / 1000.0)
       FROM generate_series(0, $2 - 1) n`,
    [sweep, TRIALS],
  );
  await ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token, gpus, started_at)
     SELECT gen_random_uuid(), $1, $2 + n, CASE WHEN n < 4 THEN 'RUNNING' ELSE 'QUEUED' END, '{}', 0, 'x', 1, CASE WHEN n < 4 THEN now() - interval '10 minutes' END
       FROM generate_series(0, 23) n`,
    [sweep, TRIALS],
  );
  await ds.query(`ANALYZE trial`);

  const now = () => new SpendStore(ds).ofSweep(sweep);
  if (!old) {
    const [after] = await time([now]);
    console.log(JSON.stringify({ trials: TRIALS, calls: CALLS, afterMedianMs: round(after!.ms, 3), afterCpuMs: round(after!.cpuMs, 3), finished: after!.result.finished }, null, 2));
  } else {
    const [after, before] = await time<BudgetUsage | OldSpend>([now, () => new old.SpendStore(ds).ofSweep(sweep)]);
    const a = after!.result as BudgetUsage;
    const b = before!.result as OldSpend;
    const summed = finishedCosts(b.finished);
    const budget = { gpuHours: 12_000, wallHours: 100 };
    console.log(JSON.stringify({
      trials: TRIALS, calls: CALLS,
      beforeMedianMs: round(before!.ms, 3), afterMedianMs: round(after!.ms, 3), ratio: round(before!.ms / after!.ms, 2),
      beforeCpuMs: round(before!.cpuMs, 3), afterCpuMs: round(after!.cpuMs, 3),
      finished: a.finished,
      // The old rows summed up in JavaScript: the medians must match bit for bit, the sums to rounding.
      sameMedians: summed.medianGpuHours === a.finished.medianGpuHours && summed.medianWallHours === a.finished.medianWallHours,
      sumsDiffer: { gpuHours: summed.gpuHours - a.finished.gpuHours, wallHours: summed.wallHours - a.finished.wallHours },
      sameRoom: JSON.stringify(budgetRoom(budget, { ...b, finished: summed })) === JSON.stringify(budgetRoom(budget, a)),
    }, null, 2));
  }
} finally {
  await ds.destroy();
  await db.drop();
}
