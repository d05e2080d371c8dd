import { AgentStore, EventStore, TrialStore } from '@anneal/db';
import { ASSIGNMENT_ACK_WAIT_MS, ASSIGNMENT_MAX_DELIVER, type AgentPresence } from '@anneal/protocol';
import type { DataSource } from 'typeorm';

/** Keeps the agent table (first/last seen, for history) in step with live presence. */
export async function recordAgents(ds: DataSource, agents: readonly AgentPresence[]): Promise<void> {
  await new AgentStore(ds).recordSeen(agents);
}

/** Long enough for JetStream to have redelivered the assignment had it any deliveries left. */
export const LOST_AFTER_MS = 2 * ASSIGNMENT_ACK_WAIT_MS;

/**
 * A RUNNING trial that no live agent claims, that has been silent past the redelivery window
 * and whose assignment used its last delivery will never report again: it ends FAILED, so the
 * sweep can finish. Trials with deliveries left are not touched; JetStream hands them on.
 */
export async function failLostTrials(ds: DataSource, agents: readonly AgentPresence[], now = Date.now()): Promise<string[]> {
  const lost = await new TrialStore(ds).failLost({
    minAttempt: ASSIGNMENT_MAX_DELIVER, claimed: agents.flatMap((a) => a.running), silentSince: now - LOST_AFTER_MS,
  });
  const events = new EventStore(ds);
  for (const t of lost) await events.record(t.id, t.sweepId, 'lost', { agentId: t.agentId, attempts: ASSIGNMENT_MAX_DELIVER });
  return lost.map((t) => t.id);
}
