import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROTOCOL_VERSION } from '@anneal/protocol';
import { startHarness, type Harness } from './harness.js';
import { organizationOf, sendTelemetry, waitFor, type TrialIdentity } from './telemetry.js';

/** An agent's verdict that a trial's parameters cannot run: stored, recorded as an event with its evidence, read over GraphQL. */

interface TrialView {
  status: string;
  infeasible: { reason: string; evidence: string } | null;
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

const OOM_LINE = 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB';

describe('infeasible trials', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const trialView = async (id: string): Promise<TrialView> => {
    const r = await h.gql<{ trial: TrialView }>(`query($id: ID!) { trial(id: $id) { status infeasible { reason evidence } events { type data } } }`, { id });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.trial;
  };

  async function queuedTrial(): Promise<TrialIdentity> {
    const p = await h.gql<{ createProject: { id: string } }>(`mutation { createProject(input: {name: "i${Math.random().toString(36).slice(2)}"}) { id } }`);
    const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', {
      i: { projectId: p.data!.createProject.id, config: JSON.stringify({
        method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, command: ['true'], max_concurrent: 1, run_cap: 3,
      }) },
    });
    assert.equal(s.errors, undefined, JSON.stringify(s.errors));
    const id = s.data!.createSweep.id;
    return waitFor('a queued trial', async () => (await h.ds.query(
      `SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1 AND status = 'QUEUED' ORDER BY number LIMIT 1`, [id]))[0]);
  }

  test('a trial that ran out of memory is FAILED, infeasible with the log line as evidence, and says so in its events', async () => {
    const t = await queuedTrial();
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() });
    await sendTelemetry(h, t, 1, {
      type: 'finished', status: 'failed', exitCode: 1, error: 'exit code 1', logTail: [OOM_LINE], at: Date.now(),
      infeasible: { reason: 'out_of_memory', evidence: OOM_LINE },
    });
    const v = await waitFor('the trial to finish', async () => { const x = await trialView(t.id); return x.status === 'RUNNING' || x.status === 'QUEUED' ? null : x; });
    assert.equal(v.status, 'FAILED');
    assert.deepEqual(v.infeasible, { reason: 'OUT_OF_MEMORY', evidence: OOM_LINE });
    const event = v.events.find((e) => e.type === 'infeasible');
    assert.ok(event, `events: ${v.events.map((e) => e.type).join(', ')}`);
    assert.equal(event.data.reason, 'out_of_memory');
    assert.equal(event.data.evidence, OOM_LINE);
    assert.match(String(event.data.summary), /ran out of accelerator memory: RuntimeError: CUDA out of memory/);
  });

  test('an ordinary failure is not infeasible', async () => {
    const t = await queuedTrial();
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() });
    await sendTelemetry(h, t, 1, { type: 'finished', status: 'failed', exitCode: 1, error: 'exit code 1', logTail: ['ValueError'], at: Date.now() });
    const v = await waitFor('the trial to finish', async () => { const x = await trialView(t.id); return x.status === 'FAILED' ? x : null; });
    assert.equal(v.infeasible, null);
    assert.equal(v.events.some((e) => e.type === 'infeasible'), false);
  });

  test('a malformed infeasible part is left out while the trial still ends', async () => {
    const t = await queuedTrial();
    await sendTelemetry(h, t, 0, { type: 'started', host: 'test', at: Date.now() });
    // Written by hand: the agent's own encoder would refuse it.
    const msg = {
      v: PROTOCOL_VERSION, trialId: t.id, sweepId: t.sweep_id, leaseToken: t.lease_token, attempt: 1, agentId: 'test-agent', seq: 1,
      type: 'finished', status: 'failed', exitCode: 1, logTail: [], at: Date.now(), infeasible: { reason: 'too_big', evidence: 42 },
    };
    const org = h.names.org(await organizationOf(h, t.id));
    await h.nc.jetstream().publish(org.telemetrySubject(t.sweep_id, t.id), new TextEncoder().encode(JSON.stringify(msg)), { msgID: `${t.id}:1:1` });
    const v = await waitFor('the trial to finish', async () => { const x = await trialView(t.id); return x.status === 'FAILED' ? x : null; });
    assert.equal(v.infeasible, null);
    assert.equal(v.events.some((e) => e.type === 'infeasible'), false);
  });
});
