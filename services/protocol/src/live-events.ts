import type { NatsConnection } from 'nats';
import type { ProtocolNames } from './names.js';

/**
 * Notifications on a sweep's live subject, over plain (unpersisted) NATS: subscribers re-read
 * the database, so a lost one only delays a live view. `trial`: a trial's status or objective
 * changed; `sweep`: the sweep itself changed (status, limits, trials created).
 */
export type SweepLiveEvent = { type: 'trial'; trialId: string; sweepId: string } | { type: 'sweep'; sweepId: string };

const encoder = new TextEncoder();

export function publishSweepChanged(nc: NatsConnection, names: ProtocolNames, sweepId: string): void {
  const event: SweepLiveEvent = { type: 'sweep', sweepId };
  nc.publish(names.sweepEventsSubject(sweepId), encoder.encode(JSON.stringify(event)));
}
