import { createDataSource, migrate } from '@anneal/db';
import { createTestDatabase } from '@anneal/db/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateApiKey } from '../auth/api-keys.js';
import { authenticate } from '../auth/authenticate.js';
import { BootstrapError, ensureAdmin } from '../auth/bootstrap.js';

test('the first start creates an admin key once; a preset key is accepted and a malformed one refused', async () => {
  const db = await createTestDatabase('boot');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await migrate(ds);
    const first = await ensureAdmin(ds);
    assert.ok(first.createdKey);
    const again = await ensureAdmin(ds);
    assert.equal(again.createdKey, null, 'a restart never prints or changes the key');
    assert.equal(again.organizationId, first.organizationId);
    assert.ok(await authenticate(ds, `Bearer ${first.createdKey}`));

    const preset = generateApiKey().key;
    await ensureAdmin(ds, preset);
    const viewer = await authenticate(ds, `bearer ${preset}`);
    assert.equal(viewer?.kind, 'user');
    assert.equal(viewer.kind === 'user' && viewer.roles.get(first.organizationId), 'owner');
    assert.equal(await authenticate(ds, `Bearer ${preset.slice(0, -1)}x`), null, 'a wrong secret with a known prefix is refused');

    await assert.rejects(ensureAdmin(ds, 'hunter2'), (e: unknown) => e instanceof BootstrapError && /ANNEAL_ADMIN_KEY must look like/.test(e.message));
    await ds.query(`UPDATE api_key SET revoked_at = now()`);
    assert.equal(await authenticate(ds, `Bearer ${preset}`), null, 'revoked keys stop working');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});

test('a database changed by hand (a "default" organization nobody owns) is refused with a code, and nothing is half-created', async () => {
  const db = await createTestDatabase('boot-conflict');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await migrate(ds);
    await ds.query(`INSERT INTO organization (id, name) VALUES (gen_random_uuid(), 'default')`);
    await assert.rejects(ensureAdmin(ds), (e: unknown) => e instanceof BootstrapError && e.code === 'BOOTSTRAP_CONFLICT' && /"default"/.test(e.message));
    const [{ users }] = await ds.query(`SELECT count(*)::int AS users FROM app_user`);
    assert.equal(users, 0, 'the transaction rolled back');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});
