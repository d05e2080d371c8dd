import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let sweepId = '';
let trialId = '';
before(async () => {
  h = await startHarness({ scheduler: false, ingest: false });
  const p = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "notes"}) { id } }');
  const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
    i: { projectId: p.data!.createProject.id, config: JSON.stringify({ method: 'random', parameters: { x: { min: 0, max: 1 } }, command: ['true'] }) },
  });
  sweepId = s.data!.createSweep.id;
  trialId = randomUUID();
  await h.ds.query(`INSERT INTO trial (id, sweep_id, number, status, params, lease_token) VALUES ($1, $2, 0, 'QUEUED', '{}', 'x')`, [trialId, sweepId]);
});
after(async () => { await h?.close(); });

test('notes and tags on sweeps and trials: partial updates, duplicates folded, read back with the rows', async () => {
  const T = 'mutation($id: ID!, $i: AnnotationInput!) { annotateTrial(id: $id, input: $i) { notes tags } }';
  assert.deepEqual((await h.gql<{ annotateTrial: unknown }>(T, { id: trialId, i: { notes: 'diverged at step 40', tags: ['lr-too-high', 'rerun', 'rerun'] } })).data!.annotateTrial,
    { notes: 'diverged at step 40', tags: ['lr-too-high', 'rerun'] });
  assert.deepEqual((await h.gql<{ annotateTrial: unknown }>(T, { id: trialId, i: { tags: ['ship'] } })).data!.annotateTrial, { notes: 'diverged at step 40', tags: ['ship'] }, 'notes stay');
  const S = 'mutation($id: ID!, $i: AnnotationInput!) { annotateSweep(id: $id, input: $i) { notes tags } }';
  await h.gql(S, { id: sweepId, i: { notes: 'baseline for the Q4 model', tags: ['baseline'] } });
  const read = await h.gql<{ sweep: { notes: string; tags: string[]; trials: { edges: Array<{ node: { tags: string[] } }> } } }>(
    'query($id: ID!) { sweep(id: $id) { notes tags trials(first: 5) { edges { node { tags } } } } }', { id: sweepId });
  assert.deepEqual(read.data!.sweep.tags, ['baseline']);
  assert.deepEqual(read.data!.sweep.trials.edges[0]!.node.tags, ['ship']);
});

test('bad notes and tags are refused with their paths; an empty change too', async () => {
  const T = 'mutation($id: ID!, $i: AnnotationInput!) { annotateTrial(id: $id, input: $i) { tags } }';
  const bad = await h.gql(T, { id: trialId, i: { tags: ['has space', 'x'.repeat(41)], notes: 'n'.repeat(10_001) } });
  assert.deepEqual(bad.errors?.[0]?.extensions?.problems, [
    { path: 'notes', message: 'must be at most 10,000 characters' },
    { path: 'tags.0', message: 'may hold letters, digits and . _ : / + - only' },
    { path: 'tags.1', message: 'must be at most 40 characters' },
  ]);
  assert.equal((await h.gql(T, { id: trialId, i: {} })).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});
