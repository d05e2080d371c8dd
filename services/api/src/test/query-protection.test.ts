import { downsampleMinMax } from '@anneal/core';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { DEFAULT_API_LIMITS, type ApiLimits } from '../api-limits.js';
import { startHarness, type Harness } from './harness.js';

const GRID = JSON.stringify({ method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { lr: { values: [0.1] } }, command: ['true'], max_concurrent: 1 });

/** A sweep with one trial whose rows are written directly (no scheduler, no agents). */
async function trialOf(h: Harness): Promise<string> {
  const p = await h.gql<{ createProject: { id: string } }>('mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }', { i: { name: `p-${randomUUID().slice(0, 8)}` } });
  const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config: GRID } });
  const trialId = randomUUID();
  await h.ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, lease_token) VALUES ($1, $2, 0, 'COMPLETED', '{"lr": 0.1}', md5($3))`,
    [trialId, s.data!.createSweep.id, trialId],
  );
  return trialId;
}

/** `n` points of `key`, a noisy decreasing curve with one spike and one dip, steps 0, 2, 4, ... */
async function insertSeries(h: Harness, trialId: string, key: string, n: number): Promise<Array<{ step: number; value: number }>> {
  await h.ds.query(
    `INSERT INTO metric (trial_id, key, step, value, reported_at)
     SELECT $1, $2, 2 * i, CASE WHEN i = $3 / 3 THEN 1000 WHEN i = 2 * $3 / 3 THEN -1000 ELSE 10.0 / (1 + i) + sin(i) END, now()
       FROM generate_series(0, $3 - 1) AS i`,
    [trialId, key, n],
  );
  return h.ds.query(`SELECT step, value FROM metric WHERE trial_id = $1 AND key = $2 ORDER BY step`, [trialId, key]);
}

const limits = (o: Partial<ApiLimits>): ApiLimits => ({ ...structuredClone(DEFAULT_API_LIMITS), ...o });

describe('query protection: cost, size and rate', () => {
  let h: Harness;
  const logged: Array<{ level: number; code?: string; msg: string }> = [];
  before(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => { logged.push(JSON.parse(line) as (typeof logged)[number]); } });
    h = await startHarness({ scheduler: false, ingest: false, logger });
  });
  after(async () => { await h.close(); });

  test('too many aliases is 400 QUERY_TOO_COSTLY with a key and without, logged at warn, never 500', async () => {
    logged.length = 0;
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: health`).join(' ')} }`;
    const noKey = await h.gql(aliases(5_000), {}, null);
    assert.equal(noKey.status, 400);
    assert.equal(noKey.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    const nodes = await h.gql(aliases(12_000));
    assert.equal(nodes.status, 400, 'the estimator\'s node limit');
    assert.equal(nodes.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    const tokens = await h.gql(aliases(30_000));
    assert.equal(tokens.status, 400, 'the parser\'s token limit');
    assert.equal(tokens.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    const cost = await h.gql('{ projects { sweeps { trials(first: 1000) { edges { node { metrics { points { step value } } } } } } } }');
    assert.equal(cost.status, 400, 'the cost limit');
    assert.equal(cost.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    assert.equal(logged.filter((l) => l.level >= 50).length, 0, `nothing at error level: ${JSON.stringify(logged)}`);
    assert.equal(logged.filter((l) => l.level === 40 && l.code === 'QUERY_TOO_COSTLY').length, 4);
    const small = await h.gql<{ a: string; b: string }>('{ a: health b: health }', {}, null);
    assert.deepEqual(small.data, { a: 'ok', b: 'ok' }, 'a short document without a key still works');
  });

  test('points(maxPoints:) downsamples on the server, keeping first, last, global min and max', async () => {
    const trialId = await trialOf(h);
    const raw = await insertSeries(h, trialId, 'loss', 10_000);
    await insertSeries(h, trialId, 'acc', 30);
    const res = await h.gql<{ trial: { metrics: Array<{ key: string; small: Array<{ step: number; value: number }>; big: Array<{ step: number; value: number }>; dflt: unknown[] }> } }>(
      `query($id: ID!) { trial(id: $id) { metrics { key small: points(maxPoints: 100) { step value } big: points(maxPoints: 1000) { step value } dflt: points { step } } } }`,
      { id: trialId },
    );
    assert.equal(res.status, 200, JSON.stringify(res.errors));
    const [acc, loss] = res.data!.trial.metrics;
    assert.equal(acc!.key, 'acc');
    assert.equal(acc!.small.length, 30, 'a short series comes back whole');
    assert.equal(loss!.dflt.length <= 500 && loss!.dflt.length > 400, true, `default maxPoints is 500, got ${loss!.dflt.length}`);
    for (const [points, max] of [[loss!.small, 100], [loss!.big, 1000]] as const) {
      assert.ok(points.length <= max);
      assert.deepEqual(points[0], raw[0]);
      assert.deepEqual(points[points.length - 1], raw[raw.length - 1]);
      assert.ok(points.some((p) => p.value === 1000), 'the spike (global max) survives');
      assert.ok(points.some((p) => p.value === -1000), 'the dip (global min) survives');
    }
    // The series is read once at the largest maxPoints asked for; a smaller one downsamples that further.
    assert.deepEqual(loss!.big, downsampleMinMax(raw, 1000));
    assert.deepEqual(loss!.small, downsampleMinMax(downsampleMinMax(raw, 1000), 100));
  });

  test('the database downsamples exactly as the core does, whatever the length and maxPoints', async () => {
    const trialId = await trialOf(h);
    for (const [n, max] of [[5, 4], [9, 8], [1001, 4], [777, 10], [4000, 333], [2, 1000]] as const) {
      const raw = await insertSeries(h, trialId, `s${n}`, n);
      const res = await h.gql<{ trial: { metrics: Array<{ points: Array<{ step: number; value: number }> }> } }>(
        `query($id: ID!, $k: [String!], $m: Int!) { trial(id: $id) { metrics(keys: $k) { points(maxPoints: $m) { step value } } } }`,
        { id: trialId, k: [`s${n}`], m: max },
      );
      assert.deepEqual(res.data?.trial.metrics[0]?.points, downsampleMinMax(raw, max), `n=${n} maxPoints=${max}`);
    }
  });

  test('aliases of one read are charged each time: 30 × 5,000 points pass, 60 × 5,000 are refused', async () => {
    const trialId = await trialOf(h);
    await insertSeries(h, trialId, 'loss', 20_000);
    const field = (i: number) => `a${i}: metrics(keys: ["loss"]) { points(maxPoints: 5000) { step value } }`;
    const ok = await h.gql(`query($id: ID!) { trial(id: $id) { ${Array.from({ length: 30 }, (_, i) => field(i)).join(' ')} } }`, { id: trialId });
    assert.equal(ok.status, 200, JSON.stringify(ok.errors));
    const res = await h.gql(`query($id: ID!) { trial(id: $id) { ${Array.from({ length: 60 }, (_, i) => field(i)).join(' ')} } }`, { id: trialId });
    assert.equal(res.status, 400);
    assert.equal(res.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    assert.match(res.errors?.[0]?.message ?? '', /metric points/);
  });

  test('maxPoints has a floor and a ceiling', async () => {
    const trialId = await trialOf(h);
    for (const m of [3, 5001]) {
      const res = await h.gql(`query($id: ID!) { trial(id: $id) { metrics { points(maxPoints: ${m}) { step } } } }`, { id: trialId });
      assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `maxPoints ${m}`);
      assert.match(res.errors?.[0]?.message ?? '', /from 4 to 5000/);
    }
  });

  test('a trial with more series than a request may read is refused before its points are read', async () => {
    const trialId = await trialOf(h);
    await h.ds.query(
      `INSERT INTO metric (trial_id, key, step, value, reported_at) SELECT $1, 'k' || i, 0, i, now() FROM generate_series(1, $2) AS i`,
      [trialId, DEFAULT_API_LIMITS.maxSeriesPerRequest + 1],
    );
    const res = await h.gql(`query($id: ID!) { trial(id: $id) { id metrics { key points { step value } } } }`, { id: trialId });
    assert.equal(res.status, 400);
    assert.equal(res.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    assert.match(res.errors?.[0]?.message ?? '', /metric series/);
    const some = await h.gql<{ trial: { metrics: unknown[] } }>(`query($id: ID!) { trial(id: $id) { metrics(keys: ["k1", "k2"]) { key } } }`, { id: trialId });
    assert.equal(some.data?.trial.metrics.length, 2, 'asking for keys reads only those');
  });
});

describe('query protection: response ceiling and rate limits', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      scheduler: false, ingest: false,
      limits: limits({ maxResponseBytes: 20_000, perKey: { perSecond: 1, burst: 5 }, perIp: { perSecond: 1, burst: 3 } }),
    });
  });
  after(async () => { await h.close(); });

  test('responses over the ceiling are refused with RESPONSE_TOO_LARGE, not built and sent', async () => {
    const key = (await h.addUser('owner', h.organizationId)).key;
    const trialId = await trialOf(h);
    await h.ds.query(`INSERT INTO trial_log (trial_id, attempt, seq, lines) SELECT $1, 1, s, array_fill(repeat('x', 100), ARRAY[100]) FROM generate_series(1, 10) AS s`, [trialId]);
    const logs = await h.gql(`query($id: ID!) { trial(id: $id) { logs(last: 1000) } }`, { id: trialId }, key);
    assert.equal(logs.status, 400);
    assert.equal(logs.errors?.[0]?.extensions?.code, 'RESPONSE_TOO_LARGE');
    const fewer = await h.gql<{ trial: { logs: string[] } }>(`query($id: ID!) { trial(id: $id) { logs(last: 10) } }`, { id: trialId }, key);
    assert.equal(fewer.data?.trial.logs.length, 10);
    // Nothing estimates the size of 3,000 health fields up front: the serialized answer is checked too.
    const aliases = await h.gql(`{ ${Array.from({ length: 3_000 }, (_, i) => `a${i}: health`).join(' ')} }`, {}, key);
    assert.equal(aliases.status, 400);
    assert.equal(aliases.errors?.[0]?.extensions?.code, 'RESPONSE_TOO_LARGE');
  });

  test('a burst past the bucket gets 429 RATE_LIMITED with Retry-After; per key and per address apart', async () => {
    const post = (key: string | null) => fetch(`${h.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify({ query: '{ health }' }),
    });
    const anonymous = [];
    for (let i = 0; i < 6; i++) anonymous.push(await post(null));
    const refused = anonymous.filter((r) => r.status === 429);
    assert.ok(refused.length >= 2, `statuses ${anonymous.map((r) => r.status)}`);
    const body = (await refused[0]!.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.equal(body.errors[0]!.extensions.code, 'RATE_LIMITED');
    assert.ok(Number(refused[0]!.headers.get('retry-after')) >= 1);
    const key = (await h.addUser('viewer', h.organizationId)).key;
    assert.equal((await post(key)).status, 200, 'a key has its own bucket, whatever its address did');
    const keyed = [];
    for (let i = 0; i < 8; i++) keyed.push((await post(key)).status);
    assert.ok(keyed.includes(429), `statuses ${keyed}`);
    const other = (await h.addUser('viewer', h.organizationId)).key;
    assert.equal((await post(other)).status, 200, 'another key is not slowed by the first');
  });
});
