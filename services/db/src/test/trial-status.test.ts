import { migrations } from '@anneal/migrations';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDataSource, migrate } from '../data-source.js';
import { TRIAL_STATUSES } from '../model.js';
import { createTestDatabase } from '../testing.js';

const ORG = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-000000000002';
const SWEEP = '00000000-0000-4000-8000-000000000003';

test('the trial status constraint takes exactly the model statuses, STOPPED included; its migration reverts STOPPED to PRUNED', async () => {
  const db = await createTestDatabase('trialstatus');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await migrate(ds);
    await ds.query(`INSERT INTO organization (id, name) VALUES ($1, 'o')`, [ORG]);
    await ds.query(`INSERT INTO project (id, organization_id, name) VALUES ($1, $2, 'p')`, [PROJECT, ORG]);
    await ds.query(
      `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, pool, max_concurrent, seed, searcher_state, status_reason)
       VALUES ($1, $2, 's', 'FAILED', 'grid', '', '{}', 'default', 1, 1, '{}', 'all 1 trials failed')`, [SWEEP, PROJECT],
    );
    const insert = (n: number, status: string) => ds.query(
      `INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token) VALUES (gen_random_uuid(), $1, $2, $3, '{}', 0, 'x')`,
      [SWEEP, n, status],
    );
    for (const [i, status] of TRIAL_STATUSES.entries()) await insert(i, status);
    await assert.rejects(insert(99, 'CANCELLED'), /check constraint/);

    const migration = migrations.map((M) => new M()).find((m) => m.name === 'SweepAndTrialOutcomes1767100000000');
    assert.ok(migration, 'the migration is listed');
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
    } finally {
      await runner.release();
    }
    const rows: Array<{ status: string }> = await ds.query(`SELECT status FROM trial WHERE sweep_id = $1 ORDER BY number`, [SWEEP]);
    assert.deepEqual(rows.map((r) => r.status), TRIAL_STATUSES.map((s) => (s === 'STOPPED' ? 'PRUNED' : s)));
    await assert.rejects(insert(98, 'STOPPED'), /check constraint/);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});
