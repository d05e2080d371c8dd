import type { MetricPoint, SweepStatus, TrialInfeasibility, TrialStatus } from '@anneal/db';
import type { RefusedPoint, Telemetry } from '@anneal/protocol';

/** What ingest knows about a trial before applying a batch to it. */
export interface TrialLease {
  id: string;
  sweepId: string;
  status: TrialStatus;
  /** STOPPED: a trial that ends `stopped` now was stopped by a person, not by the searcher. */
  sweepStatus: SweepStatus;
  /** Who asked to stop this trial alone (it ends STOPPED too); null when nobody did. */
  stopRequestedBy: string | null;
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
  status: Exclude<TrialStatus, 'QUEUED'>;
  attempt: number;
  agentId: string;
  at: number;
  error?: string | undefined;
  logTail?: string | undefined;
  exitCode?: number | null | undefined;
  /** `started`: the GPUs the trial holds (a share when trials share a GPU). */
  gpus?: number | undefined;
  /** `finished`: why its parameters could not run at all, as the agent saw it. */
  infeasible?: TrialInfeasibility | undefined;
}
export interface CheckpointRow { trialId: string; sweepId: string; attempt: number; step: number; key: string; bytes: number }
export interface InfoRow { trialId: string; sweepId: string; attempt: number; facts: Record<string, string | number | boolean> }
export interface ObjectiveUpdate { trialId: string; sweepId: string; value: number; step: number }
/**
 * A message refused whole. `deadLetter`: it cannot be attributed to a trial at all (unknown
 * trial, wrong sweep, another organization's subject), so operators should see it; the others
 * are the ordinary fencing of stale agents.
 */
export interface Dropped {
  index: number; reason: string; deadLetter?: boolean;
  /** Telemetry of an attempt whose start has not been stored yet: put back for later, not dropped, while its start may still come. */
  early?: boolean;
}
/** Points a message carried that were not valid, kept out while the rest of the message went in. */
export interface RefusedRow { trialId: string; sweepId: string; attempt: number; seq: number; refused: readonly RefusedPoint[] }
/** A telemetry limit of the sweep that a batch ran into (see apply-caps.ts). */
export interface CapHit {
  trialId: string;
  sweepId: string;
  cap: 'metricKeys' | 'pointsPerSeries' | 'logBytes';
  limit: number;
  /** Points (or log lines) of this batch that the cap kept out. */
  dropped: number;
  /** The first thing kept out: a key, `key@step`, or the start of a log line. */
  first: string;
}

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
  /** Invalid points of accepted messages, one row per message. */
  refusedPoints: RefusedRow[];
  /** Filled by applyCaps once the trials' stored usage is known. */
  capHits: CapHit[];
}

const FINAL = new Set<TrialStatus>(['COMPLETED', 'PRUNED', 'STOPPED', 'FAILED']);
const FINISHED_STATUS = { completed: 'COMPLETED', failed: 'FAILED', stopped: 'PRUNED' } as const;

/**
 * Decides what a batch of telemetry does to the database, without touching it. Messages are
 * taken in order: per trial, JetStream preserves publish order, and a later `started` of a
 * newer attempt supersedes (fences) everything the older attempt still sends.
 */
export function planBatch(
  messages: readonly Telemetry[], leases: ReadonlyMap<string, TrialLease>, subjectTags?: readonly (string | null)[], refused?: readonly (readonly RefusedPoint[])[],
): BatchPlan {
  const plan: BatchPlan = {
    metrics: [], logs: [], statusChanges: [], objectives: [], checkpoints: [], infos: [], heartbeats: [], dropped: [], refusedPoints: [], capHits: [],
  };
  const current = new Map<string, TrialLease>();
  const beat = new Set<string>();

  messages.forEach((m, index) => {
    const lease = current.get(m.trialId) ?? leases.get(m.trialId);
    if (!lease) return plan.dropped.push({ index, reason: `unknown trial ${m.trialId}`, deadLetter: true });
    if (lease.sweepId !== m.sweepId) return plan.dropped.push({ index, reason: 'sweep does not match the trial', deadLetter: true });
    // An agent may publish only under its own organization; a trial of another one is not its to report.
    if (subjectTags && subjectTags[index] !== lease.organizationTag) {
      return plan.dropped.push({ index, reason: "sent on another organization's subject", deadLetter: true });
    }
    if (lease.leaseToken !== m.leaseToken) return plan.dropped.push({ index, reason: 'wrong lease token' });
    if (m.attempt < lease.attempt) {
      return plan.dropped.push({ index, reason: `attempt ${m.attempt} superseded by attempt ${lease.attempt}` });
    }
    if (FINAL.has(lease.status) && m.type !== 'log') {
      return plan.dropped.push({ index, reason: `trial already ${lease.status}` });
    }
    if (m.attempt > lease.attempt && m.type !== 'started') {
      // Telemetry of an attempt we never saw start: its `started` is out of order (a batch that
      // failed to commit is redelivered after later ones) or was lost; ingest puts it back a while.
      return plan.dropped.push({ index, reason: `attempt ${m.attempt} has not started`, early: true });
    }
    beat.add(m.trialId);
    switch (m.type) {
      case 'started': {
        current.set(m.trialId, { ...lease, status: 'RUNNING', attempt: m.attempt });
        plan.statusChanges.push({ trialId: m.trialId, sweepId: m.sweepId, status: 'RUNNING', attempt: m.attempt, agentId: m.agentId, at: m.at, gpus: m.gpus });
        return;
      }
      case 'metrics': {
        for (const p of m.points) plan.metrics.push({ trialId: m.trialId, key: p.key, step: p.step, value: p.value, t: p.t });
        const bad = refused?.[index];
        if (bad && bad.length > 0) plan.refusedPoints.push({ trialId: m.trialId, sweepId: m.sweepId, attempt: m.attempt, seq: m.seq, refused: bad });
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
        // Agents say `stopped` for every stop; a person's stop (of the sweep, or of this trial) is the one that leaves it STOPPED.
        const status = m.status === 'stopped' && (lease.sweepStatus === 'STOPPED' || lease.stopRequestedBy !== null) ? 'STOPPED' : FINISHED_STATUS[m.status];
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
          infeasible: m.infeasible,
        });
        return;
      }
    }
  });
  plan.objectives = objectivesOf(plan.metrics, leases);
  plan.heartbeats = [...beat];
  return plan;
}

/** Each trial's new objective: the value of the sweep's metric at the highest step, later reports winning ties. */
export function objectivesOf(metrics: readonly MetricRow[], leases: ReadonlyMap<string, TrialLease>): ObjectiveUpdate[] {
  const best = new Map<string, ObjectiveUpdate>();
  for (const p of metrics) {
    const lease = leases.get(p.trialId);
    if (!lease || p.key !== lease.metricName) continue;
    const floor = best.get(p.trialId)?.step ?? lease.objectiveStep ?? -1;
    if (p.step >= floor) best.set(p.trialId, { trialId: p.trialId, sweepId: lease.sweepId, value: p.value, step: p.step });
  }
  return [...best.values()];
}
