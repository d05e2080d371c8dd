import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueryRunner } from 'typeorm';
import { createDataSource, migrate } from '../data-source.js';
import { EventStore } from '../stores/event-store.js';
import { SweepStore } from '../stores/sweep-store.js';
import { TrialStore } from '../stores/trial-store.js';
import { createTestDatabase } from '../testing.js';

const ORG = '00000000-0000-4000-8000-000000000011';
const PROJECT = '00000000-0000-4000-8000-000000000012';
const SWEEP = '00000000-0000-4000-8000-000000000013';
const TRIAL = '00000000-0000-4000-8000-000000000014';

/**
 * The interleaving that made `stopSweep` fail with "deadlock detected" (3 of 8 stops of a sweep
 * whose trials end within a second): ingest locks a trial's lease and then writes an event, whose
 * foreign key takes KEY SHARE on the sweep; a stop (or a scheduler tick) locks the sweep and then
 * updates that trial. Each lock on the sweep must let the foreign-key check through.
 */
for (const [who, lockSweep] of [
  ['a stop (lockStatus)', (q: QueryRunner) => new SweepStore(q).lockStatus(SWEEP)],
  ['a scheduler tick (lockForScheduling)', (q: QueryRunner) => new SweepStore(q).lockForScheduling(SWEEP)],
] as const) {
  test(`ingest writing a trial's event and ${who} updating that trial both commit, in either's lock order`, async () => {
    const db = await createTestDatabase('sweeplocks');
    const ds = createDataSource({ url: db.url, poolSize: 3 });
    const ingest = () => ds.createQueryRunner();
    let a: QueryRunner | undefined;
    let b: QueryRunner | undefined;
    try {
      await ds.initialize();
      await migrate(ds);
      await ds.query(`INSERT INTO organization (id, name) VALUES ($1, 'o')`, [ORG]);
      await ds.query(`INSERT INTO project (id, organization_id, name) VALUES ($1, $2, 'p')`, [PROJECT, ORG]);
      await ds.query(
        `INSERT INTO sweep (id, project_id, name, status, method, config_text, config, pool, max_concurrent, seed, searcher_state)
         VALUES ($1, $2, 's', 'RUNNING', 'grid', '', '{}', 'default', 1, 1, '{}')`, [SWEEP, PROJECT],
      );
      await ds.query(`INSERT INTO trial (id, sweep_id, number, status, params, attempt, lease_token) VALUES ($1, $2, 0, 'QUEUED', '{}', 0, 'x')`, [TRIAL, SWEEP]);

      a = ingest();
      b = ds.createQueryRunner();
      await a.startTransaction();
      await b.startTransaction();
      assert.equal((await new TrialStore(a).lockLeases([TRIAL])).length, 1, 'ingest holds the trial');
      await lockSweep(b);
      // The stop waits for ingest's trial lock...
      const stopping = new TrialStore(b).stopQueued([TRIAL], 'sweep stopped');
      await new Promise((r) => setTimeout(r, 200));
      // ...and ingest's event must not wait for the stop's sweep lock (deadlock_timeout is 1 s).
      await new EventStore(a).record(TRIAL, SWEEP, 'started', { attempt: 1 });
      await a.commitTransaction();
      await stopping;
      await b.commitTransaction();
      const [row] = await ds.query(`SELECT status, (SELECT count(*)::int FROM trial_event WHERE trial_id = $1) AS events FROM trial WHERE id = $1`, [TRIAL]);
      assert.deepEqual(row, { status: 'STOPPED', events: 1 });
    } finally {
      await a?.release();
      await b?.release();
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
}
