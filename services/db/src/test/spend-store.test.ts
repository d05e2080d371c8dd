import { finishedCosts, type TrialCost } from '@anneal/core';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../data-source.js';
import { SpendStore } from '../stores/spend-store.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';

const ORG = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-000000000002';
const SWEEP = '00000000-0000-4000-8000-000000000003';
const EMPTY = '00000000-0000-4000-8000-000000000004';
const T0 = new Date('2025-06-01T00:00:00Z');

describe('SpendStore.ofSweep', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let number = 0;

  before(async () => {
    db = await createTestDatabase('spend');
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    await migrate(ds);
    await ds.query(`INSERT INTO organization (id, name) VALUES ($1, 'o')`, [ORG]);
    await ds.query(`INSERT INTO project (id, organization_id, name) VALUES ($1, $2, 'p')`, [PROJECT, ORG]);
    for (const [id, name] of [[SWEEP, 's'], [EMPTY, 'e']]) {
      await ds.query(
        `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, pool, max_concurrent, seed, searcher_state)
         VALUES ($1, $2, $3, 'RUNNING', 'random', '', '{}', 'default', 4, 1, '{}')`, [id, PROJECT, name],
      );
    }
  });
  after(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  /** A trial of this sweep, holding `gpus` (null: not reported); null times: not started / not ended. */
  const trial = (status: string, gpus: number | null, started: Date | null, finished: Date | null) => ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token, gpus, started_at, finished_at)
     VALUES (gen_random_uuid(), $1, $2, $3, '{}', 0, 'x', $4, $5, $6)`,
    [SWEEP, number++, status, gpus, started, finished],
  );
  /** A trial that ran `seconds` from T0. */
  const ended = (status: string, gpus: number | null, seconds: number) => trial(status, gpus, T0, new Date(T0.getTime() + seconds * 1000));

  /** The finished trials' costs one row each, as ofSweep read them before it summed in SQL. */
  const expected = async (): Promise<ReturnType<typeof finishedCosts>> => {
    const rows: Array<{ seconds: number; gpus: number | null }> = await ds.query(
      `SELECT GREATEST(0, EXTRACT(EPOCH FROM finished_at - started_at))::float8 AS seconds, gpus
         FROM trial WHERE sweep_id = $1 AND started_at IS NOT NULL AND finished_at IS NOT NULL`,
      [SWEEP],
    );
    return finishedCosts(rows.map((r): TrialCost => ({ gpuHours: (r.gpus ?? 0) * r.seconds / 3600, wallHours: r.seconds / 3600 })));
  };
  const close = (actual: number, want: number, what: string) =>
    assert.ok(Math.abs(actual - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${what}: ${actual} vs ${want}`);

  test('a sweep with no trials: nothing spent, no medians', async () => {
    const s = await new SpendStore(ds).ofSweep(EMPTY);
    assert.equal(s.trialsCreated, 0);
    assert.equal(s.queued, 0);
    assert.deepEqual(s.finished, { count: 0, gpuHours: 0, wallHours: 0, medianGpuHours: null, medianWallHours: null });
    assert.deepEqual(s.running, []);
    assert.ok(s.wallHours >= 0 && s.wallHours < 1, `created just now: ${s.wallHours} hours`);
  });

  test('finished trials are summed up in SQL: count, sums and medians (odd, then even), NULL gpus as 0', async () => {
    // GPU-hours: 2×1h = 2, 0.3×2h = 0.6, NULL×3h = 0, 1×0.5h = 0.5, 4×1.5h = 6 → median 0.6; wall median 1.5.
    await ended('COMPLETED', 2, 3600);
    await ended('PRUNED', 0.3, 7200);
    await ended('FAILED', null, 10800);
    await ended('STOPPED', 1, 1800);
    await ended('COMPLETED', 4, 5400);
    // Neither counts as finished: one never started, one is queued.
    await trial('FAILED', 1, null, T0);
    await trial('QUEUED', null, null, null);

    const odd = await new SpendStore(ds).ofSweep(SWEEP);
    const want = await expected();
    assert.equal(odd.finished.count, 5);
    assert.equal(odd.finished.count, want.count);
    close(odd.finished.gpuHours, 9.1, 'GPU-hours summed');
    close(odd.finished.gpuHours, want.gpuHours, 'GPU-hours as the rows sum');
    close(odd.finished.wallHours, 8, 'hours summed');
    close(odd.finished.wallHours, want.wallHours, 'hours as the rows sum');
    // Medians are exactly the core's, bit for bit: the budget's floor() must not move.
    assert.equal(odd.finished.medianGpuHours, want.medianGpuHours);
    assert.equal(odd.finished.medianGpuHours, 0.3 * 7200 / 3600, 'the share as the agent reported it, not its float4 widening');
    assert.equal(odd.finished.medianWallHours, 1.5);
    assert.equal(odd.trialsCreated, 7);
    assert.equal(odd.queued, 1);

    // Three more make eight: each median is now the mean of the middle two. A clock that ran
    // backwards counts 0 hours, not negative ones.
    await ended('COMPLETED', 2, 900);
    await trial('COMPLETED', 1, T0, new Date(T0.getTime() - 60_000));
    await ended('PRUNED', 1, 4000);
    const even = await new SpendStore(ds).ofSweep(SWEEP);
    const wantEven = await expected();
    assert.equal(even.finished.count, 8);
    assert.equal(even.finished.count, wantEven.count);
    close(even.finished.gpuHours, wantEven.gpuHours, 'GPU-hours as the rows sum');
    close(even.finished.wallHours, wantEven.wallHours, 'hours as the rows sum');
    assert.equal(even.finished.medianGpuHours, wantEven.medianGpuHours);
    assert.equal(even.finished.medianWallHours, wantEven.medianWallHours);
    // Sorted GPU-hours 0, 0, 0.5, 0.5, 0.6, 1.11…, 2, 6 → (0.5 + 0.6) / 2; hours 0, 0.25, 0.5, 1, 1.11…, 1.5, 2, 3 → (1 + 1.11…) / 2.
    assert.equal(even.finished.medianGpuHours, (0.5 + 0.3 * 7200 / 3600) / 2);
    assert.equal(even.finished.medianWallHours, (1 + 4000 / 3600) / 2);
  });

  test('running trials are listed one by one, measured to now; other sweeps do not count', async () => {
    const startedMs = Date.now() - 30 * 60_000;
    await trial('RUNNING', 2, new Date(startedMs), null);
    await trial('RUNNING', null, new Date(startedMs), null);
    const beforeMs = Date.now();
    const s = await new SpendStore(ds).ofSweep(SWEEP);
    const afterMs = Date.now();
    assert.equal(s.running.length, 2);
    const lo = (beforeMs - startedMs) / 3_600_000 - 1e-3;
    const hi = (afterMs - startedMs) / 3_600_000 + 1e-3;
    const [held, cpu] = [...s.running].sort((a, b) => b.gpuHours - a.gpuHours);
    for (const r of s.running) assert.ok(r.wallHours >= lo && r.wallHours <= hi, `${r.wallHours} hours in [${lo}, ${hi}]`);
    assert.ok(Math.abs(held!.gpuHours - 2 * held!.wallHours) < 1e-12);
    assert.equal(cpu!.gpuHours, 0, 'NULL gpus counts as no GPU');
    assert.equal(s.finished.count, 8, 'running trials are not finished ones');
    assert.equal(s.trialsCreated, 12);
    assert.equal((await new SpendStore(ds).ofSweep(EMPTY)).trialsCreated, 0);
  });
});
