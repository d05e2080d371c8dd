import type { MetricPoint } from '@anneal/db';
import type { Telemetry } from '@anneal/protocol';

/** What ingest knows about a trial before applying a batch to it. */
export interface TrialLease {
  id: string;
  sweepId: string;
  status: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'PRUNED' | 'FAILED';
  attempt: number;
  leaseToken: string;
  /** The organization tag its telemetry subject must carry (see OrgNames.tag). */
  organizationTag: string;
  metricName: string | null;
  objectiveStep: number | null;
}

export type MetricRow = MetricPoint;
export interface LogRow { trialId: string; attempt: number; seq: number; lines: string[] }
export interface StatusChange {
  trialId: string;
  sweepId: string;
  status: 'RUNNING' | 'COMPLETED' | 'PRUNED' | 'FAILED';
  attempt: number;
  agentId: string;
  at: number;
  error?: string | undefined;
  logTail?: string | undefined;
  exitCode?: number | null | undefined;
}
export interface CheckpointRow { trialId: string; sweepId: string; attempt: number; step: number; key: string; bytes: number }
export interface InfoRow { trialId: string; sweepId: string; attempt: number; facts: Record<string, string | number | boolean> }
export interface ObjectiveUpdate { trialId: string; sweepId: string; value: number; step: number }
export interface Dropped { index: number; reason: string }

export interface BatchPlan {
  metrics: MetricRow[];
  logs: LogRow[];
  statusChanges: StatusChange[];
  objectives: ObjectiveUpdate[];
  /** Checkpoints now in the object store; PBT restores from them. */
  checkpoints: CheckpointRow[];
  /** What trainers said about their runs, kept as trial events. */
  infos: InfoRow[];
  /** Trials whose heartbeat moves (any accepted message proves the agent is alive). */
  heartbeats: string[];
  dropped: Dropped[];
}

const FINAL = new Set(['COMPLETED', 'PRUNED', 'FAILED']);
const FINISHED_STATUS = { completed: 'COMPLETED', failed: 'FAILED', stopped: 'PRUNED' } as const;

/**
 * Decides what a batch of telemetry does to the database, without touching it. Messages are
 * taken in order: per trial, JetStream preserves publish order, and a later `started` of a
 * newer attempt supersedes (fences) everything the older attempt still sends.
 */
export function planBatch(messages: readonly Telemetry[], leases: ReadonlyMap<string, TrialLease>, subjectTags?: readonly (string | null)[]): BatchPlan {
  const plan: BatchPlan = { metrics: [], logs: [], statusChanges: [], objectives: [], checkpoints: [], infos: [], heartbeats: [], dropped: [] };
  const current = new Map<string, TrialLease>();
  const bestObjective = new Map<string, ObjectiveUpdate>();
  const beat = new Set<string>();

  messages.forEach((m, index) => {
    const lease = current.get(m.trialId) ?? leases.get(m.trialId);
    if (!lease) return plan.dropped.push({ index, reason: `unknown trial ${m.trialId}` });
    if (lease.sweepId !== m.sweepId) return plan.dropped.push({ index, reason: 'sweep does not match the trial' });
    // An agent may publish only under its own organization; a trial of another one is not its to report.
    if (subjectTags && subjectTags[index] !== lease.organizationTag) {
      return plan.dropped.push({ index, reason: "sent on another organization's subject" });
    }
    if (lease.leaseToken !== m.leaseToken) return plan.dropped.push({ index, reason: 'wrong lease token' });
    if (m.attempt < lease.attempt) {
      return plan.dropped.push({ index, reason: `attempt ${m.attempt} superseded by attempt ${lease.attempt}` });
    }
    if (FINAL.has(lease.status) && m.type !== 'log') {
      return plan.dropped.push({ index, reason: `trial already ${lease.status}` });
    }
    if (m.attempt > lease.attempt && m.type !== 'started') {
      // Telemetry of an attempt we never saw start: its `started` was dropped or is out of order.
      return plan.dropped.push({ index, reason: `attempt ${m.attempt} has not started` });
    }
    beat.add(m.trialId);
    switch (m.type) {
      case 'started': {
        current.set(m.trialId, { ...lease, status: 'RUNNING', attempt: m.attempt });
        plan.statusChanges.push({ trialId: m.trialId, sweepId: m.sweepId, status: 'RUNNING', attempt: m.attempt, agentId: m.agentId, at: m.at });
        return;
      }
      case 'metrics': {
        for (const p of m.points) {
          plan.metrics.push({ trialId: m.trialId, key: p.key, step: p.step, value: p.value, t: p.t });
          if (p.key !== lease.metricName) continue;
          const best = bestObjective.get(m.trialId);
          const floor = best?.step ?? lease.objectiveStep ?? -1;
          if (p.step >= floor) bestObjective.set(m.trialId, { trialId: m.trialId, sweepId: m.sweepId, value: p.value, step: p.step });
        }
        return;
      }
      case 'checkpoint': {
        plan.checkpoints.push({ trialId: m.trialId, sweepId: m.sweepId, attempt: m.attempt, step: m.step, key: m.key, bytes: m.bytes });
        return;
      }
      case 'info': {
        plan.infos.push({ trialId: m.trialId, sweepId: m.sweepId, attempt: m.attempt, facts: m.facts });
        return;
      }
      case 'log': {
        plan.logs.push({ trialId: m.trialId, attempt: m.attempt, seq: m.seq, lines: m.lines });
        return;
      }
      case 'finished': {
        const status = FINISHED_STATUS[m.status];
        current.set(m.trialId, { ...lease, status });
        plan.statusChanges.push({
          trialId: m.trialId,
          sweepId: m.sweepId,
          status,
          attempt: m.attempt,
          agentId: m.agentId,
          at: m.at,
          error: m.error,
          logTail: m.logTail.join('\n'),
          exitCode: m.exitCode,
        });
        return;
      }
    }
  });
  plan.objectives = [...bestObjective.values()];
  plan.heartbeats = [...beat];
  return plan;
}
