import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrations } from '@anneal/migrations';
import { createDataSource, migrate } from '../data-source.js';
import { MetricStore } from '../stores/metric-store.js';
import { TrialLogStore } from '../stores/event-store.js';
import { TelemetryUsageStore } from '../stores/telemetry-usage-store.js';
import { createTestDatabase } from '../testing.js';

const ORG = '00000000-0000-4000-8000-000000000001';
const PROJECT = '00000000-0000-4000-8000-000000000002';
const SWEEP = '00000000-0000-4000-8000-000000000003';
const TRIAL = '00000000-0000-4000-8000-000000000004';

test('the usage migration counts what trials already hold, and inserts report what they really stored', async () => {
  const db = await createTestDatabase('usage');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await migrate(ds);
    // Back to just before TelemetryUsage, with telemetry stored as the older schema did.
    const later = migrations.length - migrations.findIndex((m) => m.name === 'TelemetryUsage1767000000000');
    for (let i = 0; i < later; i++) await ds.undoLastMigration({ transaction: 'all' });
    await ds.query(`INSERT INTO organization (id, name) VALUES ($1, 'o')`, [ORG]);
    await ds.query(`INSERT INTO project (id, organization_id, name) VALUES ($1, $2, 'p')`, [PROJECT, ORG]);
    await ds.query(`INSERT INTO sweep (id, project_id, name, status, method, config_text, config, pool, max_concurrent, seed, searcher_state)
                    VALUES ($1, $2, 's', 'RUNNING', 'grid', '', '{"limits": {"metric_keys": 7}}', 'default', 1, 1, '{}')`, [SWEEP, PROJECT]);
    await ds.query(`INSERT INTO trial (id, sweep_id, number, status, params, lease_token) VALUES ($1, $2, 0, 'RUNNING', '{}', 'l')`, [TRIAL, SWEEP]);
    await ds.query(`INSERT INTO metric (trial_id, key, step, value, reported_at) SELECT $1, k, s, 1, now() FROM unnest(ARRAY['a', 'b']) k, generate_series(0, 2) s`, [TRIAL]);
    await ds.query(`INSERT INTO trial_log (trial_id, attempt, seq, lines) VALUES ($1, 1, 0, ARRAY['héllo', 'x'])`, [TRIAL]);
    await migrate(ds);

    const usage = new TelemetryUsageStore(ds);
    assert.deepEqual(await usage.ofTrials([TRIAL]), [{ trialId: TRIAL, metricKeys: 2, logBytes: 7, limits: { metric_keys: 7 } }]);
    assert.deepEqual(await usage.series([{ trialId: TRIAL, key: 'a' }, { trialId: TRIAL, key: 'z' }]), [{ trialId: TRIAL, key: 'a', points: 3 }]);

    // A replayed point is not counted by the insert path that reports it (COPY needs a transaction's own connection).
    const inserted = await new MetricStore(ds).insert([
      { trialId: TRIAL, key: 'a', step: 2, value: 5, t: 0 }, { trialId: TRIAL, key: 'a', step: 3, value: 5, t: 0 }, { trialId: TRIAL, key: 'c', step: 0, value: 5, t: 0 },
    ], false);
    assert.deepEqual(inserted.sort((x, y) => x.key.localeCompare(y.key)), [{ trialId: TRIAL, key: 'a', inserted: 1 }, { trialId: TRIAL, key: 'c', inserted: 1 }]);
    assert.equal(await new TrialLogStore(ds).append(TRIAL, 1, 0, ['again']), false);
    assert.equal(await new TrialLogStore(ds).append(TRIAL, 1, 1, ['new']), true);
    await usage.add([{ trialId: TRIAL, key: 'a', added: 1, created: false }, { trialId: TRIAL, key: 'c', added: 1, created: true }], new Map([[TRIAL, 3]]));
    assert.deepEqual(await usage.ofTrials([TRIAL]), [{ trialId: TRIAL, metricKeys: 3, logBytes: 10, limits: { metric_keys: 7 } }]);
    assert.deepEqual(await usage.series([{ trialId: TRIAL, key: 'a' }]), [{ trialId: TRIAL, key: 'a', points: 4 }]);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});
