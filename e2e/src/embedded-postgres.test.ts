import { startStack } from '@anneal/cli';
import { startEmbeddedPostgres } from '@anneal/cli/embedded';
import { createDataSource, migrate } from '@anneal/db';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';


describe('embedded PGlite over the wire protocol', () => {
  test('takes connections only with the password kept in ANNEAL_HOME (0600), and not over TCP at all without it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'anneal-pglite-'));
    const server = await startEmbeddedPostgres(home);
    try {
      const url = new URL(server.url);
      const password = readFileSync(join(home, 'pg-password'), 'utf8').trim();
      assert.equal(decodeURIComponent(url.password), password, 'the URL the stack uses carries the stored password');
      assert.equal(statSync(join(home, 'pg-password')).mode & 0o777, 0o600);
      assert.equal(statSync(join(home, 'run')).mode & 0o777, 0o700, 'the Unix socket behind the gate sits in a private folder');
      const attempt = async (pw: string | undefined): Promise<string> => {
        const c = new pg.Client({ host: '127.0.0.1', port: Number(url.port), user: 'postgres', database: 'postgres', ...(pw === undefined ? {} : { password: pw }) });
        try {
          await c.connect();
          const r = await c.query('SELECT 1 AS one');
          return `ok ${r.rows[0].one}`;
        } catch (e) {
          return `refused: ${(e as { code?: string }).code ?? (e as Error).message}`;
        } finally {
          await c.end().catch(() => undefined);
        }
      };
      assert.equal(await attempt('wrong-password'), 'refused: 28P01');
      assert.equal(await attempt(''), 'refused: 28P01');
      assert.match(await attempt(undefined), /^refused: /, 'psql -h 127.0.0.1 -U postgres with no password gets nothing');
      assert.equal(await attempt(password), 'ok 1');
    } finally {
      await server.stop();
    }
    // A restart keeps the password: the next `anneal up` finds it.
    const again = await startEmbeddedPostgres(home);
    try {
      assert.equal(decodeURIComponent(new URL(again.url).password), readFileSync(join(home, 'pg-password'), 'utf8').trim());
    } finally {
      await again.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('concurrent transactions on pooled connections stay isolated and atomic', async () => {
    const home = mkdtempSync(join(tmpdir(), 'anneal-pglite-'));
    const pg = await startEmbeddedPostgres(home);
    const ds = createDataSource({ url: pg.url, poolSize: 8 });
    try {
      await ds.initialize();
      await migrate(ds);
      // 40 transactions at once over 8 connections; every third rolls back after writing.
      const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => ds.transaction(async (em) => {
        const id = randomUUID();
        await em.query(`INSERT INTO organization (id, name) VALUES ($1, $2)`, [id, `org-${i}`]);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM organization WHERE name = $1`, [`org-${i}`]);
        assert.equal(n, 1, 'a transaction sees its own write');
        await em.query(`INSERT INTO project (id, organization_id, name) VALUES ($1, $2, 'p')`, [randomUUID(), id]);
        if (i % 3 === 0) throw new Error('roll back');
      })));
      const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
      assert.equal(committed, 40 - Math.ceil(40 / 3));
      const [{ orgs }] = await ds.query(`SELECT count(*)::int AS orgs FROM organization`);
      const [{ projects }] = await ds.query(`SELECT count(*)::int AS projects FROM project`);
      assert.equal(orgs, committed, 'rolled-back organizations are gone');
      assert.equal(projects, committed, 'and so are their projects: each transaction was atomic');
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await pg.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('extended-protocol exchanges of different connections never cross', async () => {
    const home = mkdtempSync(join(tmpdir(), 'anneal-pglite-'));
    const server = await startEmbeddedPostgres(home);
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    const failures: string[] = [];
    pool.on('error', (e) => failures.push(e.message));
    try {
      // Parameterized statements (Parse/Bind/Execute/Sync) racing transactions whose BEGIN and
      // COMMIT use the simple protocol, which discards the unnamed statement and portal: unless
      // each exchange keeps the session, one connection executes another's portal.
      await Promise.all(Array.from({ length: 400 }, async (_, i) => {
        try {
          if (i % 4 === 3) {
            const c = await pool.connect();
            try {
              await c.query('BEGIN');
              await c.query('SELECT $1::int', [i]);
              await new Promise((r) => setTimeout(r, 2));
              await c.query('SELECT count(*) FROM generate_series(1, 20000)');
              await c.query('COMMIT');
            } finally {
              c.release();
            }
            return;
          }
          const r = await pool.query('SELECT $1::int + $2::int AS v', [i, 1]);
          if (r.rows[0].v !== i + 1) failures.push(`wrong row for ${i}`);
        } catch (e) {
          failures.push((e as Error).message);
        }
      }));
      assert.deepEqual(failures, []);
      // A failing statement must not wedge the queue for everyone else.
      await assert.rejects(pool.query('SELECT $1::int', ['not a number']));
      assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await pool.end();
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a whole sweep runs on the embedded database and the embedded, authenticated NATS', async () => {
    const home = mkdtempSync(join(tmpdir(), 'anneal-embedded-stack-'));
    const namespace = `p${randomBytes(5).toString('hex')}`;
    const stack = await startStack({ home, namespace, apiPort: 0, agents: 1, agentSlots: 2, logger: pino({ level: 'silent' }) });
    try {
      const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
        const res = await fetch(`${stack.apiUrl}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.createdAdminKey}` },
          body: JSON.stringify({ query, variables }),
        });
        // The leaderboard query fans out into parallel statements: the case that used to break.
        const body = (await res.json()) as { data: T; errors?: unknown };
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        return body.data;
      };
      const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "embedded"}) { id } }');
      const config = JSON.stringify({
        method: 'grid', metric: { name: 'score', goal: 'maximize' }, parameters: { a: { values: [1, 2, 3, 4] } },
        command: ['node', '-e', 'const p = JSON.parse(process.env.ANNEAL_PARAMS); for (let s = 0; s < 300; s++) console.log("@anneal " + JSON.stringify({ step: s, score: p.a * s }))'],
        max_concurrent: 2,
      });
      const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
      const deadline = Date.now() + 60_000;
      let sweep: { status: string; bestTrial: { objective: number } | null; trialCounts: { completed: number } };
      do {
        await new Promise((r) => setTimeout(r, 200));
        sweep = (await gql<{ sweep: typeof sweep }>(`{ sweep(id: "${createSweep.id}") { status bestTrial { objective } trialCounts { completed } trials(orderBy: OBJECTIVE) { totalCount edges { node { objective } } } } }`)).sweep;
      } while (sweep.status !== 'COMPLETED' && Date.now() < deadline);
      assert.equal(sweep.status, 'COMPLETED');
      assert.equal(sweep.trialCounts.completed, 4);
      assert.equal(sweep.bestTrial?.objective, 4 * 299);
      const [{ n }] = await stack.ds.query(`SELECT count(*)::int AS n FROM metric`);
      assert.equal(n, 4 * 300);
    } finally {
      await stack.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
