import { MetricStore, TrialStore } from '@anneal/db';
import { encodeMessage, PROTOCOL_VERSION, telemetryMsgId, telemetrySchema, type Telemetry } from '@anneal/protocol';
import { createSweep, type LiveStack } from '../support/live-stack.js';
import { round } from './stats.js';

const KEYS = 5;
const WINDOW = 256;

/**
 * Ingest alone, JetStream → Postgres: the telemetry of `trials` trials is published while
 * ingest is stopped, then ingest is started and timed until every point is committed. Nothing
 * else runs meanwhile (no trainers, agents or publishers), unlike the end-to-end figure, where
 * all of them share the machine's cores with ingest and Postgres.
 */
export async function ingestOnly(b: LiveStack, o: { trials: number; pointsPerTrial: number; pointsPerMessage: number }) {
  // A pool no agent serves: the trials exist, with lease tokens, but nothing runs them.
  const sweepId = await createSweep(b, {
    method: 'grid', parameters: { i: { values: Array.from({ length: o.trials }, (_, i) => i) } },
    command: ['true'], max_concurrent: o.trials, pool: 'bench_parked',
  });
  let trials: Array<{ id: string; leaseToken: string }> = [];
  for (let i = 0; i < 600 && trials.length < o.trials; i++) {
    trials = await new TrialStore(b.stack.ds).leaseTokens(sweepId);
    if (trials.length < o.trials) await new Promise((r) => setTimeout(r, 100));
  }
  await b.stack.ingest.stop();
  const js = b.stack.nc.jetstream();
  const messages: Array<{ subject: string; data: Uint8Array; msgID: string }> = [];
  const now = Date.now();
  for (const t of trials) {
    const envelope = { v: PROTOCOL_VERSION, trialId: t.id, sweepId, leaseToken: t.leaseToken, attempt: 1, agentId: 'bench-ingest' } as const;
    const subject = b.stack.names.org(b.stack.organizationId).telemetrySubject(sweepId, t.id);
    let seq = 0;
    const add = (m: Telemetry) => messages.push({ subject, data: encodeMessage(telemetrySchema, m), msgID: telemetryMsgId(m) });
    add({ ...envelope, seq: seq++, type: 'started', host: 'bench', at: now });
    const steps = Math.ceil(o.pointsPerTrial / KEYS);
    const stepsPerMessage = Math.max(1, Math.floor(o.pointsPerMessage / KEYS));
    for (let s0 = 0; s0 < steps; s0 += stepsPerMessage) {
      const points = [];
      for (let s = s0; s < Math.min(steps, s0 + stepsPerMessage); s++) {
        for (let k = 0; k < KEYS; k++) points.push({ key: `m${k}`, step: s, value: Math.sin(s + k), t: now });
      }
      add({ ...envelope, seq: seq++, type: 'metrics', points });
    }
  }
  for (let i = 0; i < messages.length; i += WINDOW) {
    await Promise.all(messages.slice(i, i + WINDOW).map((m) => js.publish(m.subject, m.data, { msgID: m.msgID })));
  }
  const expected = trials.length * Math.ceil(o.pointsPerTrial / KEYS) * KEYS;
  const started = performance.now();
  b.stack.ingest.start();
  let points = 0;
  for (;;) {
    points = await new MetricStore(b.stack.ds).countOfSweep(sweepId);
    if (points >= expected || performance.now() - started > 600_000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await b.gql('mutation($id: ID!) { stopSweep(id: $id) { id } }', { id: sweepId }).catch(() => undefined);
  return { messages: messages.length, points, expectedPoints: expected, seconds: round(seconds, 3), pointsPerSecond: Math.round(points / seconds) };
}
