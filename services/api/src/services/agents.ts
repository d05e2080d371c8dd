import { readPresence } from '@anneal/protocol';
import type { ApiDeps } from '../deps.js';

export interface AgentView {
  id: string;
  host: string;
  pool: string;
  slots: number;
  version: string;
  runningTrialIds: string[];
  gpus: Array<{ index: number; name: string; memoryMiB: number | null; utilization: number | null; memoryUsedMiB: number | null }>;
  startedAt: Date;
  lastHeartbeatAt: Date;
}

/** Live agents of the given organizations, read from each organization's own presence bucket. */
export async function listAgents(deps: ApiDeps, organizationIds: readonly string[]): Promise<AgentView[]> {
  const presence = await readPresence(deps.nc, deps.names, organizationIds);
  return presence
    .map((a) => ({
      id: a.id, host: a.host, pool: a.pool, slots: a.slots, version: a.version, runningTrialIds: a.running,
      gpus: a.gpus.map((g) => ({ index: g.index, name: g.name, memoryMiB: g.memoryMiB ?? null, utilization: g.utilization ?? null, memoryUsedMiB: g.memoryUsedMiB ?? null })),
      startedAt: new Date(a.startedAt), lastHeartbeatAt: new Date(a.heartbeatAt),
    }))
    .sort((x, y) => x.id.localeCompare(y.id));
}
