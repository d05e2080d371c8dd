import { EventStore, MetricStore, TelemetryUsageStore, TrialLogStore, TrialStore } from '@anneal/db';
import type { ProtocolNames } from '@anneal/protocol';
import type { EntityManager } from 'typeorm';
import { pointId, seriesId, type UsageSnapshot } from './apply-caps.js';
import { droppedEvents, DROPPED_EVENT } from './dropped-events.js';
import { infeasibleEvent, INFEASIBLE_EVENT } from './infeasible-event.js';
import type { BatchPlan, TrialLease } from './plan-batch.js';
import { trialLimits } from './telemetry-limits.js';

/** Reads the leases of the trials a batch mentions, locking them against concurrent ingest. */
export async function loadLeases(em: EntityManager, names: ProtocolNames, trialIds: string[]): Promise<Map<string, TrialLease>> {
  const leases = await new TrialStore(em).lockLeases(trialIds);
  return new Map(leases.map((l) => [l.id, {
    id: l.id, sweepId: l.sweepId, status: l.status, sweepStatus: l.sweepStatus, stopRequestedBy: l.stopRequestedBy, attempt: l.attempt, leaseToken: l.leaseToken,
    organizationTag: names.org(l.organizationId).tag, metricName: l.metricName, objectiveStep: l.objectiveStep,
  }]));
}

/** What the plan's trials hold now and their sweeps' limits; read after loadLeases, so under the trials' locks. */
export async function loadUsage(em: EntityManager, plan: BatchPlan): Promise<UsageSnapshot> {
  const trialIds = new Set<string>();
  const pairs = new Map<string, { trialId: string; key: string; count: number }>();
  for (const p of plan.metrics) {
    trialIds.add(p.trialId);
    const id = seriesId(p.trialId, p.key);
    const pair = pairs.get(id);
    if (pair) pair.count += 1;
    else pairs.set(id, { trialId: p.trialId, key: p.key, count: 1 });
  }
  for (const l of plan.logs) trialIds.add(l.trialId);
  if (trialIds.size === 0) return { trials: new Map(), series: new Map(), nearLimit: new Set(), existing: new Set() };
  const store = new TelemetryUsageStore(em);
  const trials = new Map((await store.ofTrials([...trialIds])).map((t) => [t.trialId, { metricKeys: t.metricKeys, logBytes: t.logBytes, limits: trialLimits(t.limits) }]));
  const series = new Map((await store.series([...pairs.values()])).map((s) => [seriesId(s.trialId, s.key), s.points]));
  // Where this batch could reach a series' limit, a point stored already (a replay) must not use
  // up room: those series' points are looked up. Elsewhere nothing is read.
  const nearLimit = new Set<string>();
  for (const [id, pair] of pairs) {
    const limit = trials.get(pair.trialId)?.limits.pointsPerSeries ?? Infinity;
    if ((series.get(id) ?? 0) + pair.count > limit) nearLimit.add(id);
  }
  const stored = nearLimit.size === 0 ? [] : await new MetricStore(em).existing(plan.metrics.filter((p) => nearLimit.has(seriesId(p.trialId, p.key))));
  return { trials, series, nearLimit, existing: new Set(stored.map((p) => pointId(p.trialId, p.key, p.step))) };
}

/** Writes a plan with a handful of set-based statements, whatever the batch size. */
export async function applyPlan(em: EntityManager, plan: BatchPlan, usage: UsageSnapshot, o: { useCopy: boolean }): Promise<void> {
  const trials = new TrialStore(em);
  const events = new EventStore(em);
  const logs = new TrialLogStore(em);
  const inserted = await new MetricStore(em).insert(plan.metrics, o.useCopy);
  await trials.setObjectives(plan.objectives);
  const logBytes = new Map<string, number>();
  for (const log of plan.logs) {
    if (!(await logs.append(log.trialId, log.attempt, log.seq, log.lines))) continue;
    const bytes = log.lines.reduce((n, line) => n + Buffer.byteLength(line, 'utf8'), 0);
    logBytes.set(log.trialId, (logBytes.get(log.trialId) ?? 0) + bytes);
  }
  await new TelemetryUsageStore(em).add(
    inserted.map((i) => ({ trialId: i.trialId, key: i.key, added: i.inserted, created: !usage.series.has(seriesId(i.trialId, i.key)) })),
    logBytes,
  );
  for (const c of plan.statusChanges) {
    const at = new Date(c.at).toISOString();
    if (c.status === 'RUNNING') await trials.markRunning(c.trialId, { attempt: c.attempt, agentId: c.agentId, at, gpus: c.gpus ?? null });
    else await trials.markFinished(c.trialId, { status: c.status, at, error: c.error ?? null, logTail: c.logTail ?? null, infeasible: c.infeasible ?? null });
    await events.record(c.trialId, c.sweepId, c.status === 'RUNNING' ? 'started' : 'finished', {
      status: c.status, attempt: c.attempt, agentId: c.agentId,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.error ? { error: c.error } : {}),
    });
    if (c.infeasible) await events.record(c.trialId, c.sweepId, INFEASIBLE_EVENT, infeasibleEvent(c.infeasible, c.attempt));
  }
  // A replayed message must not list the same checkpoint, or the same facts, twice.
  for (const c of plan.checkpoints) await events.recordCheckpoint(c.trialId, c.sweepId, { step: c.step, key: c.key, bytes: c.bytes, attempt: c.attempt });
  for (const i of plan.infos) await events.recordInfo(i.trialId, i.sweepId, { ...i.facts, attempt: i.attempt });
  // Nor record what it dropped twice; and a limit is reported once per trial, not per batch.
  for (const e of droppedEvents(plan)) await events.recordOnce(e.trialId, e.sweepId, DROPPED_EVENT, e.data, e.identity);
  await trials.heartbeat(plan.heartbeats);
}
