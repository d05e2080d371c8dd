import type { ProtocolNames } from '@anneal/protocol';
import type { NatsConnection } from 'nats';
import type { BatchPlan } from './plan-batch.js';

export interface TrialChangedEvent { type: 'trial'; trialId: string; sweepId: string }
export interface PointsEvent { type: 'points'; trialId: string; points: Array<{ key: string; step: number; value: number }> }

const encoder = new TextEncoder();

/**
 * Tells every API replica what just committed, over plain (unpersisted) NATS: subscribers
 * re-read the database, so a lost notification only delays a live view.
 */
export function publishLiveEvents(nc: NatsConnection, names: ProtocolNames, plan: BatchPlan): void {
  const sweepsByTrial = new Map<string, string>();
  for (const c of plan.statusChanges) sweepsByTrial.set(c.trialId, c.sweepId);
  for (const o of plan.objectives) sweepsByTrial.set(o.trialId, o.sweepId);
  for (const [trialId, sweepId] of sweepsByTrial) {
    publishTrialChanged(nc, names, trialId, sweepId);
  }
  const byTrial = new Map<string, PointsEvent['points']>();
  for (const m of plan.metrics) {
    const list = byTrial.get(m.trialId) ?? [];
    list.push({ key: m.key, step: m.step, value: m.value });
    byTrial.set(m.trialId, list);
  }
  for (const [trialId, points] of byTrial) {
    const event: PointsEvent = { type: 'points', trialId, points };
    nc.publish(names.trialEventsSubject(trialId), encoder.encode(JSON.stringify(event)));
  }
}

export function publishTrialChanged(nc: NatsConnection, names: ProtocolNames, trialId: string, sweepId: string): void {
  const event: TrialChangedEvent = { type: 'trial', trialId, sweepId };
  nc.publish(names.sweepEventsSubject(sweepId), encoder.encode(JSON.stringify(event)));
}
