import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDataSource, migrate } from '../data-source.js';
import { createTestDatabase } from '../testing.js';

const tables = async (ds: ReturnType<typeof createDataSource>): Promise<string[]> =>
  (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'anneal_migrations' ORDER BY 1`))
    .map((r: { tablename: string }) => r.tablename);

test('migrations apply on an empty database, are idempotent, and revert cleanly', async () => {
  const db = await createTestDatabase('migrations');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    const applied = await migrate(ds);
    assert.ok(applied.length >= 1);
    assert.deepEqual(await tables(ds), [
      'agent', 'api_key', 'app_user', 'invite', 'membership', 'metric', 'metric_series', 'organization', 'outbox', 'project', 'sweep', 'trial', 'trial_event', 'trial_log',
      'trial_usage', 'user_session',
    ]);
    assert.deepEqual(await migrate(ds), [], 'a second run applies nothing');
    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'all' });
    assert.deepEqual(await tables(ds), []);
    assert.deepEqual(await migrate(ds), applied, 'and apply again after a full revert');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});

test('a sweep status outside the model is refused by the database', async () => {
  const db = await createTestDatabase('constraints');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await migrate(ds);
    await ds.query(`INSERT INTO organization (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'o')`);
    await ds.query(`INSERT INTO project (id, organization_id, name) VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'p')`);
    await assert.rejects(
      ds.query(`INSERT INTO sweep (id, project_id, name, status, method, config_text, config, pool, max_concurrent, seed, searcher_state)
                VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 's', 'DONE', 'grid', '', '{}', 'default', 1, 1, '{}')`),
      /check constraint/,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});

test('an API key is a personal key, a scoped key with a role, or an agent token with pools', async () => {
  const db = await createTestDatabase('keys');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await migrate(ds);
    const org = '00000000-0000-4000-8000-000000000001';
    const user = '00000000-0000-4000-8000-000000000002';
    await ds.query(`INSERT INTO organization (id, name) VALUES ($1, 'o')`, [org]);
    await ds.query(`INSERT INTO app_user (id, email, name) VALUES ($1, 'u@example.com', 'u')`, [user]);
    let n = 0;
    const insert = (kind: string, organizationId: string | null, role: string | null, pools: string[] | null) => ds.query(
      `INSERT INTO api_key (id, user_id, name, prefix, secret_hash, kind, organization_id, role, pools)
       VALUES (gen_random_uuid(), $1, 'k', $2, 'h', $3, $4, $5, $6)`, [user, `p${++n}`, kind, organizationId, role, pools]);
    await insert('user', null, null, null);
    await insert('user', org, 'member', null);
    await insert('agent', org, null, ['gpu']);
    for (const bad of [
      ['user', org, null, null], ['user', null, 'admin', null], ['user', org, 'member', ['gpu']],
      ['agent', org, null, []], ['agent', org, null, null], ['agent', null, null, ['gpu']], ['agent', org, 'admin', ['gpu']], ['robot', org, null, ['gpu']],
    ] as const) {
      await assert.rejects(insert(bad[0], bad[1], bad[2], bad[3] ? [...bad[3]] : null), /check constraint/, JSON.stringify(bad));
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});
