import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';

const GRID = `
method: grid
metric: { name: loss, goal: minimize }
parameters:
  lr: { values: [0.1, 0.01] }
  layers: { values: [1, 2] }
command: [node, -e, "process.exit(0)"]
max_concurrent: 2
`;

describe('GraphQL boundary', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ scheduler: false, ingest: false }); });
  after(async () => { await h.close(); });

  test('health needs no key; everything else does', async () => {
    assert.equal((await h.gql('{ health }', {}, null)).data?.health, 'ok');
    const anonymous = await h.gql('{ projects { id } }', {}, null);
    assert.equal(anonymous.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const wrong = await h.gql('{ projects { id } }', {}, 'ank_AAAAAAAAAAAA_' + 'x'.repeat(43));
    assert.equal(wrong.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const garbage = await h.gql('{ projects { id } }', {}, 'not-a-key');
    assert.equal(garbage.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  });

  test('createProject validates its input and refuses duplicates', async () => {
    const ok = await h.gql<{ createProject: { id: string; name: string } }>('mutation { createProject(input: {name: "bert-ft"}) { id name } }');
    assert.equal(ok.data?.createProject.name, 'bert-ft');
    const bad = await h.gql('mutation { createProject(input: {name: "  "}) { id } }');
    assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(bad.errors?.[0]?.message ?? '', /name: must not be empty/);
    const dup = await h.gql('mutation { createProject(input: {name: "bert-ft"}) { id } }');
    assert.equal(dup.errors?.[0]?.extensions?.code, 'CONFLICT');
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM project`);
    assert.equal(n, 1);
  });

  test('an invalid sweep config lists every problem with its path and creates nothing', async () => {
    const { data } = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "cfg"}) { id } }');
    const config = 'method: hyperopt\nparameters:\n  lr: { min: 1, max: 0.1 }\nrun_cap: -3\n';
    const res = await h.gql('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: data!.createProject.id, config } });
    const err = res.errors?.[0];
    assert.equal(err?.extensions?.code, 'BAD_USER_INPUT');
    const paths = (err?.extensions?.problems as Array<{ path: string }>).map((p) => p.path);
    assert.ok(paths.includes('config.method'), `paths: ${paths}`);
    assert.ok(paths.some((p) => p.startsWith('config.parameters.lr')), `paths: ${paths}`);
    assert.ok(paths.includes('config.run_cap'), `paths: ${paths}`);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM sweep`);
    assert.equal(n, 0);
  });

  test('unknown or malformed ids are NOT_FOUND', async () => {
    for (const q of ['{ sweep(id: "7b0c9e8e-3c0a-4a53-9d5e-2f7c2b1a0e11") { id } }', '{ trial(id: "nope") { id } }', '{ project(id: "") { id } }']) {
      const res = await h.gql(q);
      assert.equal(res.errors?.[0]?.extensions?.code, 'NOT_FOUND', q);
    }
    const stop = await h.gql('mutation { stopSweep(id: "7b0c9e8e-3c0a-4a53-9d5e-2f7c2b1a0e11") { id } }');
    assert.equal(stop.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test('members of another organization see nothing and a viewer cannot write', async () => {
    const { data } = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "private"}) { id } }');
    const outsider = await h.addUser('owner');
    const seen = await h.gql<{ projects: unknown[] }>('{ projects { id } }', {}, outsider.key);
    assert.deepEqual(seen.data?.projects, []);
    const direct = await h.gql(`{ project(id: "${data!.createProject.id}") { id } }`, {}, outsider.key);
    assert.equal(direct.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    const viewer = await h.addUser('viewer', h.organizationId);
    const write = await h.gql('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: data!.createProject.id, config: GRID } }, viewer.key);
    assert.equal(write.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const read = await h.gql<{ project: { id: string } }>(`{ project(id: "${data!.createProject.id}") { id } }`, {}, viewer.key);
    assert.equal(read.data?.project.id, data!.createProject.id);
  });

  test('oversized bodies, deep queries and non-JSON bodies are refused before any resolver runs', async () => {
    const big = await fetch(`${h.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.key}` },
      body: JSON.stringify({ query: `{ health } # ${'x'.repeat(2 * 1024 * 1024)}` }),
    });
    assert.equal(big.status, 413);
    const deep = await h.gql('{ projects { sweeps { bestTrial { metrics { points { step } } } trials { edges { node { metrics { points { value } } } } } } } }'.replace('{ health }', ''));
    assert.equal(deep.errors, undefined, 'depth 8 is allowed');
    const nested = 'fragment F on Sweep { trials { edges { node { metrics { points { step } } } } } } { projects { sweeps { ...F } } }';
    assert.equal((await h.gql(nested)).errors, undefined);
    const tooDeep = await h.gql('{ projects { sweeps { project { sweeps { project { sweeps { project { sweeps { project { sweeps { project { id } } } } } } } } } } } }');
    // Apollo files every validation-rule error under GRAPHQL_VALIDATION_FAILED; the message says which.
    assert.equal(tooDeep.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(tooDeep.errors?.[0]?.message ?? '', /depth \d+ exceeds the limit of 10/);
    const costly = await h.gql('{ projects { sweeps { trials(first: 1000) { edges { node { metrics { points { step value } } } } } } } }');
    assert.equal(costly.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY');
    const notJson = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    assert.equal(notJson.status, 400);
  });

  test('CSRF prevention refuses simple cross-site requests', async () => {
    const res = await fetch(`${h.url}/graphql?query=%7Bhealth%7D`, { method: 'GET' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /CSRF|preflight/i);
  });
});
