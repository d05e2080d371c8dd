import { EventStore, MetricStore, TrialLogStore, TrialStore } from '@anneal/db';
import type { ProtocolNames } from '@anneal/protocol';
import type { EntityManager } from 'typeorm';
import type { BatchPlan, TrialLease } from './plan-batch.js';

/** Reads the leases of the trials a batch mentions, locking them against concurrent ingest. */
export async function loadLeases(em: EntityManager, names: ProtocolNames, trialIds: string[]): Promise<Map<string, TrialLease>> {
  const leases = await new TrialStore(em).lockLeases(trialIds);
  return new Map(leases.map((l) => [l.id, {
    id: l.id, sweepId: l.sweepId, status: l.status, attempt: l.attempt, leaseToken: l.leaseToken,
    organizationTag: names.org(l.organizationId).tag, metricName: l.metricName, objectiveStep: l.objectiveStep,
  }]));
}

/** Writes a plan with a handful of set-based statements, whatever the batch size. */
export async function applyPlan(em: EntityManager, plan: BatchPlan, o: { useCopy: boolean }): Promise<void> {
  const trials = new TrialStore(em);
  const events = new EventStore(em);
  const logs = new TrialLogStore(em);
  await new MetricStore(em).insert(plan.metrics, o.useCopy);
  await trials.setObjectives(plan.objectives);
  for (const log of plan.logs) await logs.append(log.trialId, log.attempt, log.seq, log.lines);
  for (const c of plan.statusChanges) {
    const at = new Date(c.at).toISOString();
    if (c.status === 'RUNNING') await trials.markRunning(c.trialId, { attempt: c.attempt, agentId: c.agentId, at });
    else await trials.markFinished(c.trialId, { status: c.status, at, error: c.error ?? null, logTail: c.logTail ?? null });
    await events.record(c.trialId, c.sweepId, c.status === 'RUNNING' ? 'started' : 'finished', {
      status: c.status, attempt: c.attempt, agentId: c.agentId,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.error ? { error: c.error } : {}),
    });
  }
  // A replayed message must not list the same checkpoint, or the same facts, twice.
  for (const c of plan.checkpoints) await events.recordCheckpoint(c.trialId, c.sweepId, { step: c.step, key: c.key, bytes: c.bytes, attempt: c.attempt });
  for (const i of plan.infos) await events.recordInfo(i.trialId, i.sweepId, { ...i.facts, attempt: i.attempt });
  await trials.heartbeat(plan.heartbeats);
}
