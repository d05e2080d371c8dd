import { encodeMessage, PROTOCOL_VERSION, telemetryMsgId, telemetrySchema, type Telemetry } from '@anneal/protocol';
import type { Harness } from './harness.js';

export interface TrialIdentity { id: string; sweep_id: string; lease_token: string }

/** Publishes telemetry exactly as an agent would, so ingest is exercised through JetStream. */
export async function sendTelemetry(
  h: Harness, trial: TrialIdentity, seq: number, body: Record<string, unknown>, o: { attempt?: number; leaseToken?: string; organizationId?: string } = {},
): Promise<void> {
  const msg = {
    v: PROTOCOL_VERSION, trialId: trial.id, sweepId: trial.sweep_id, leaseToken: o.leaseToken ?? trial.lease_token,
    attempt: o.attempt ?? 1, agentId: 'test-agent', seq, ...body,
  } as Telemetry;
  const org = h.names.org(o.organizationId ?? await organizationOf(h, trial.id));
  await h.nc.jetstream().publish(org.telemetrySubject(trial.sweep_id, trial.id), encodeMessage(telemetrySchema, msg), { msgID: telemetryMsgId(msg) });
}

/** The organization whose agents may report on the trial (its subject carries it). */
export async function organizationOf(h: Harness, trialId: string): Promise<string> {
  const [row] = (await h.ds.query(
    `SELECT p.organization_id FROM trial t JOIN sweep s ON s.id = t.sweep_id JOIN project p ON p.id = s.project_id WHERE t.id = $1`, [trialId],
  )) as Array<{ organization_id: string }>;
  return row?.organization_id ?? h.organizationId;
}

/** Runs a trial's whole life: started, points for steps 0..n-1 of `key`, finished. */
export async function runTrial(h: Harness, trial: TrialIdentity, values: number[], key = 'loss', status: 'completed' | 'failed' = 'completed'): Promise<void> {
  await sendTelemetry(h, trial, 0, { type: 'started', host: 'test', at: Date.now() });
  await sendTelemetry(h, trial, 1, { type: 'metrics', points: values.map((value, step) => ({ key, step, value, t: Date.now() })) });
  await sendTelemetry(h, trial, 2, { type: 'finished', status, exitCode: status === 'completed' ? 0 : 1, logTail: [], at: Date.now() });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A grid sweep of one trial on `acc` (maximized) in a new project, and that trial once it exists. */
export async function oneTrialSweep(h: Harness, projectName: string): Promise<TrialIdentity> {
  const p = await h.gql<{ createProject: { id: string } }>('mutation($n: String!) { createProject(input: {name: $n}) { id } }', { n: projectName });
  const config = JSON.stringify({ method: 'grid', metric: { name: 'acc', goal: 'maximize' }, parameters: { x: { values: [1] } }, command: ['true'] });
  const s = await h.gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: p.data!.createProject.id, config } });
  return waitFor('the trial', async () => {
    const [row] = await h.ds.query(`SELECT id, sweep_id, lease_token FROM trial WHERE sweep_id = $1`, [s.data!.createSweep.id]);
    return row as TrialIdentity | undefined;
  });
}
