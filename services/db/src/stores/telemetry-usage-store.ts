import type { Queryable } from './queryable.js';

/** What one trial holds now, and the `limits` of its sweep's parsed config as stored (absent on older sweeps). */
export interface TrialUsage { trialId: string; metricKeys: number; logBytes: number; limits: unknown }
/** Points stored in one series. */
export interface SeriesUsage { trialId: string; key: string; points: number }
/** Points a batch added to one series; `created` when the series is new. */
export interface SeriesGrowth { trialId: string; key: string; added: number; created: boolean }

/**
 * Owner of `trial_usage` and `metric_series`: counters of each trial's stored telemetry, which
 * ingest reads and advances under the trial's row lock so the sweep's limits hold exactly.
 */
export class TelemetryUsageStore {
  constructor(private readonly db: Queryable) {}

  /** Every given trial, counters zero when it has stored nothing yet. */
  async ofTrials(trialIds: readonly string[]): Promise<TrialUsage[]> {
    if (trialIds.length === 0) return [];
    const rows: Array<{ id: string; metric_keys: number | null; log_bytes: string | null; limits: unknown }> = await this.db.query(
      `SELECT t.id, u.metric_keys, u.log_bytes, s.config->'limits' AS limits
         FROM trial t JOIN sweep s ON s.id = t.sweep_id LEFT JOIN trial_usage u ON u.trial_id = t.id
        WHERE t.id = ANY($1::uuid[])`,
      [trialIds],
    );
    return rows.map((r) => ({ trialId: r.id, metricKeys: r.metric_keys ?? 0, logBytes: Number(r.log_bytes ?? 0), limits: r.limits }));
  }

  /** A trial's series with their point counts, by key: what a client lists before choosing which to read. */
  async seriesOf(trialId: string): Promise<SeriesUsage[]> {
    const rows: Array<{ key: string; points: number }> = await this.db.query(
      `SELECT key, points FROM metric_series WHERE trial_id = $1 ORDER BY key`, [trialId],
    );
    return rows.map((r) => ({ trialId, key: r.key, points: r.points }));
  }

  /** The stored series among the given (trial, key) pairs; a pair not returned is a new key. */
  async series(pairs: ReadonlyArray<{ trialId: string; key: string }>): Promise<SeriesUsage[]> {
    if (pairs.length === 0) return [];
    const rows: Array<{ trial_id: string; key: string; points: number }> = await this.db.query(
      `SELECT m.trial_id, m.key, m.points
         FROM metric_series m JOIN unnest($1::uuid[], $2::text[]) AS p(trial_id, key) ON m.trial_id = p.trial_id AND m.key = p.key`,
      [pairs.map((p) => p.trialId), pairs.map((p) => p.key)],
    );
    return rows.map((r) => ({ trialId: r.trial_id, key: r.key, points: r.points }));
  }

  /** Advances the counters by what a batch stored. */
  async add(series: readonly SeriesGrowth[], logBytes: ReadonlyMap<string, number>): Promise<void> {
    // One row per series: an upsert may not touch the same row twice.
    const merged = new Map<string, SeriesGrowth>();
    for (const s of series) {
      if (s.added <= 0) continue;
      const id = `${s.trialId}\u0000${s.key}`;
      const m = merged.get(id);
      merged.set(id, m ? { ...m, added: m.added + s.added, created: m.created || s.created } : s);
    }
    const grown = [...merged.values()];
    const perTrial = new Map<string, { keys: number; bytes: number }>();
    for (const s of grown) {
      const u = perTrial.get(s.trialId) ?? { keys: 0, bytes: 0 };
      if (s.created) u.keys += 1;
      perTrial.set(s.trialId, u);
    }
    for (const [trialId, bytes] of logBytes) {
      if (bytes <= 0) continue;
      const u = perTrial.get(trialId) ?? { keys: 0, bytes: 0 };
      u.bytes += bytes;
      perTrial.set(trialId, u);
    }
    if (grown.length > 0) {
      await this.db.query(
        `INSERT INTO metric_series (trial_id, key, points) SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])
         ON CONFLICT (trial_id, key) DO UPDATE SET points = metric_series.points + excluded.points`,
        [grown.map((s) => s.trialId), grown.map((s) => s.key), grown.map((s) => s.added)],
      );
    }
    const changed = [...perTrial].filter(([, u]) => u.keys > 0 || u.bytes > 0);
    if (changed.length === 0) return;
    await this.db.query(
      `INSERT INTO trial_usage (trial_id, metric_keys, log_bytes) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int8[])
       ON CONFLICT (trial_id) DO UPDATE SET metric_keys = trial_usage.metric_keys + excluded.metric_keys, log_bytes = trial_usage.log_bytes + excluded.log_bytes`,
      [changed.map(([id]) => id), changed.map(([, u]) => u.keys), changed.map(([, u]) => u.bytes)],
    );
  }
}
