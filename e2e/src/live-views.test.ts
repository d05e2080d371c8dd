import type { Stack } from '@anneal/cli';
import { createClient, type Client } from 'graphql-ws';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { startLiveStack, type LiveStack } from './support/live-stack.js';

describe('live views: subscriptions and agent presence', () => {
  let live: LiveStack;
  let stack: Stack;
  let home: string;
  let ws: Client;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => live.gql<T>(query, variables);
  const wsClient = (key: string | null): Client => createClient({
    url: `${stack.apiUrl.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  });

  before(async () => {
    live = await startLiveStack('live', 1, 3);
    stack = live.stack;
    home = live.home;
    ws = wsClient(stack.createdAdminKey);
  });

  after(async () => {
    await ws?.dispose();
    await live?.close();
  });

  test('agents shows the local agent with its pool and slots', async () => {
    let agents: Array<{ id: string; pool: string; slots: number; version: string; lastHeartbeatAt: string }> = [];
    for (let i = 0; i < 50 && agents.length === 0; i++) {
      agents = (await gql<{ agents: typeof agents }>('{ agents { id pool slots version lastHeartbeatAt } }')).agents;
      if (agents.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(agents.length, 1);
    assert.equal(agents[0]!.pool, 'default');
    assert.equal(agents[0]!.slots, 3);
    assert.ok(Date.now() - Date.parse(agents[0]!.lastHeartbeatAt) < 30_000);
  });

  test('trialUpdated and metricPoints stream a running sweep', async () => {
    const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "live"}) { id } }');
    // The trainer waits for a go file, so the test can subscribe before any point exists.
    const go = join(home, 'go');
    const trainer = `const fs = require('fs'); const wait = () => fs.existsSync(${JSON.stringify(go)}) ? run() : setTimeout(wait, 20);
      const run = () => { for (let s = 0; s < 10; s++) console.log('@anneal ' + JSON.stringify({ step: s, loss: 1 / (s + 1) })); }; wait();`;
    const config = JSON.stringify({ method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { a: { values: [1] } }, command: ['node', '-e', trainer] });
    const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });

    const updates: Array<{ status: string; objective: number | null }> = [];
    const sweepDone = new Promise<void>((resolve, reject) => {
      ws.subscribe<{ trialUpdated: { status: string; objective: number | null } }>(
        { query: `subscription { trialUpdated(sweepId: "${createSweep.id}") { status objective } }` },
        { next: (m) => { updates.push(m.data!.trialUpdated); if (m.data!.trialUpdated.status === 'COMPLETED') resolve(); }, error: reject, complete: () => undefined },
      );
    });
    let trialId: string | undefined;
    for (let i = 0; i < 100 && !trialId; i++) {
      const s = await gql<{ sweep: { trials: { edges: Array<{ node: { id: string } }> } } }>(`{ sweep(id: "${createSweep.id}") { trials { edges { node { id } } } } }`);
      trialId = s.sweep.trials.edges[0]?.node.id;
      if (!trialId) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(trialId);
    const steps: number[] = [];
    const pointsDone = new Promise<void>((resolve, reject) => {
      ws.subscribe<{ metricPoints: { series: Array<{ key: string; points: Array<{ step: number; value: number }> }> } }>(
        { query: `subscription { metricPoints(trialId: "${trialId}") { series { key points { step value } } } }` },
        { next: (m) => { for (const s of m.data!.metricPoints.series) if (s.key === 'loss') steps.push(...s.points.map((p) => p.step)); if (steps.length >= 10) resolve(); }, error: reject, complete: () => undefined },
      );
    });
    await new Promise((r) => setTimeout(r, 300)); // let both subscriptions reach NATS
    (await import('node:fs')).writeFileSync(go, '');
    await Promise.race([Promise.all([sweepDone, pointsDone]), new Promise((_, reject) => setTimeout(() => reject(new Error('no live events')), 20_000))]);
    assert.deepEqual([...steps].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(updates.at(-1)?.status, 'COMPLETED');
    assert.equal(updates.at(-1)?.objective, 0.1);
  });

  test('a subscription without a valid key is refused', async () => {
    const anonymous = wsClient(null);
    const outcome = await new Promise<string>((resolve) => {
      anonymous.subscribe({ query: 'subscription { trialUpdated(sweepId: "7b0c9e8e-3c0a-4a53-9d5e-2f7c2b1a0e11") { id } }' }, {
        next: (m) => resolve(m.errors ? JSON.stringify(m.errors) : 'data'),
        error: (e) => resolve(e instanceof Error ? e.message : String((e as { code?: number; reason?: string }).code) + ' ' + String((e as { reason?: string }).reason)),
        complete: () => resolve('complete'),
      });
    });
    await anonymous.dispose();
    assert.match(outcome, /4403|Forbidden/, 'closed with 4403 at connection_init');
  });
});
