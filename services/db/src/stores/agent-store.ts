import type { Queryable } from './queryable.js';

/** What an agent's presence entry says about it (times in ms since the epoch). */
export interface AgentSighting {
  id: string; organizationId: string; host: string; pool: string; slots: number; gpus: unknown; version: string;
  startedAt: number; heartbeatAt: number;
}

/** Owner of the `agent` table: agents seen (first and last), for history; live presence is in NATS. */
export class AgentStore {
  constructor(private readonly db: Queryable) {}

  async recordSeen(agents: readonly AgentSighting[]): Promise<void> {
    for (const a of agents) {
      await this.db.query(
        `INSERT INTO agent (id, organization_id, host, pool, slots, gpus, version, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8 / 1000.0), to_timestamp($9 / 1000.0))
         ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pool = EXCLUDED.pool, slots = EXCLUDED.slots,
           gpus = EXCLUDED.gpus, version = EXCLUDED.version, last_seen_at = EXCLUDED.last_seen_at`,
        [a.id, a.organizationId, a.host, a.pool, a.slots, JSON.stringify(a.gpus), a.version, a.startedAt, a.heartbeatAt],
      );
    }
  }
}
