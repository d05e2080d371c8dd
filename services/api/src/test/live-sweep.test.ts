import { createClient } from 'graphql-ws';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

/** Events of a subscription until `done` says so, or what arrived before the timeout. */
async function collect<T>(query: string, done: (got: T[]) => boolean, act: () => Promise<void>, timeoutMs = 10_000): Promise<T[]> {
  const client = createClient({ url: `${h.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${h.key}` } });
  const got: T[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      client.subscribe<T>({ query }, {
        next: (m) => {
          if (m.errors) reject(new Error(JSON.stringify(m.errors)));
          got.push(m.data as T);
          if (done(got)) { clearTimeout(timer); resolve(); }
        },
        error: reject,
        complete: () => resolve(),
      });
      // The subscription is live once graphql-ws acknowledged it; a short wait covers that.
      setTimeout(() => void act().catch(reject), 300);
    });
  } finally {
    await client.dispose();
  }
  return got;
}

test('sweepUpdated follows the sweep (status, limits, trials created) so scripts need not poll; trialUpdated ignores sweep events', async () => {
  const p = await h.gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "live"}) { id } }');
  const config = JSON.stringify({ method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, command: ['true'], max_concurrent: 1 });
  const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config } });
  const id = s.data!.createSweep.id;
  const events = await collect<{ sweepUpdated: { status: string; maxConcurrent: number } }>(
    `subscription { sweepUpdated(sweepId: "${id}") { status maxConcurrent } }`, (got) => got.some((e) => e.sweepUpdated.maxConcurrent === 3),
    async () => {
      await h.gql(`mutation { pauseSweep(id: "${id}") { id } }`);
      await h.gql(`mutation { updateSweep(id: "${id}", input: {maxConcurrent: 3}) { id } }`);
    },
  );
  // The scheduler's own tick (the first trial created) may come first; then the pause and the raise.
  assert.ok(events.some((e) => e.sweepUpdated.status === 'PAUSED'), JSON.stringify(events));
  assert.deepEqual(events.at(-1)!.sweepUpdated, { status: 'PAUSED', maxConcurrent: 3 });

  const trialEvents = await collect<{ trialUpdated: { id: string } }>(`subscription { trialUpdated(sweepId: "${id}") { id } }`, (got) => got.length > 0,
    async () => { await h.gql(`mutation { resumeSweep(id: "${id}") { id } }`); }, 1500);
  assert.deepEqual(trialEvents, [], 'a sweep event is not a trial event');
  await h.gql(`mutation { stopSweep(id: "${id}") { id } }`);
});
