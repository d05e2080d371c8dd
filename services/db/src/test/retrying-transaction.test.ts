import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityManager } from 'typeorm';
import { createDataSource } from '../data-source.js';
import { isTransientConflict, retryingTransaction } from '../retrying-transaction.js';
import { createTestDatabase } from '../testing.js';

/** Postgres itself raises the error, with its SQLSTATE, as a lost race would. */
const raise = (em: EntityManager, sqlstate: string) => em.query(`DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '${sqlstate}'; END $$`);

test('a transaction aborted as a deadlock or serialization victim runs again, rolled back in between; other errors and the last attempt are thrown', async () => {
  const db = await createTestDatabase('retrytx');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await ds.initialize();
    await ds.query(`CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)`);
    for (const sqlstate of ['40P01', '40001']) {
      let calls = 0;
      const id = await retryingTransaction(ds, async (em) => {
        calls += 1;
        await em.query(`INSERT INTO note (body) VALUES ($1)`, [sqlstate]);
        if (calls === 1) await raise(em, sqlstate);
        return calls;
      });
      assert.equal(id, 2, `${sqlstate}: the second attempt's result`);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM note WHERE body = $1`, [sqlstate]);
      assert.equal(n, 1, `${sqlstate}: the first attempt's insert was rolled back`);
    }

    let unique = 0;
    await assert.rejects(retryingTransaction(ds, async (em) => { unique += 1; await raise(em, '23505'); }), /lost a race/);
    assert.equal(unique, 1, 'a unique violation is not a race: thrown at once');

    let always = 0;
    await assert.rejects(retryingTransaction(ds, async (em) => { always += 1; await raise(em, '40P01'); }, 3), (err) => isTransientConflict(err));
    assert.equal(always, 3, 'three attempts in all, then the deadlock is thrown');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
});

test('only deadlocks and serialization failures count as transient conflicts', () => {
  assert.equal(isTransientConflict({ driverError: { code: '40P01' } }), true);
  assert.equal(isTransientConflict({ code: '40001' }), true);
  assert.equal(isTransientConflict({ code: '23505' }), false);
  assert.equal(isTransientConflict(new Error('deadlock detected')), false, 'the words alone are not the code');
  assert.equal(isTransientConflict(null), false);
});
