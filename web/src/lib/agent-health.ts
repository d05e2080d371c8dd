// Whether an agent's heartbeat is recent enough to trust what it says it runs. Pure.

/** Agents beat every few seconds; past this a person should look at the box. */
export const STALE_AFTER_MS = 30_000;

export function isStale(lastHeartbeatAt: string, now: number): boolean {
  return now - Date.parse(lastHeartbeatAt) > STALE_AFTER_MS;
}

/** "4 s ago", "3 min ago", "2 h ago": how long since the agent was last heard from. */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}
