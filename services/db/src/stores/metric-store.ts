import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import copyStreams from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { Queryable } from './queryable.js';

/** One reported point; `t` is when the trainer reported it (ms since the epoch). */
export interface MetricPoint { trialId: string; key: string; step: number; value: number; t: number }
/** How many points an insert stored in one series (a replayed point is not counted). */
export interface SeriesInsert { trialId: string; key: string; inserted: number }
export interface MetricSeries { key: string; points: Array<{ step: number; value: number }> }
/** A point of the sweep's metric for the searcher, with whether a checkpoint exists at its step. */
export interface MetricReport { number: number; step: number; value: number; checkpoint: boolean }

const UNIQUE_VIOLATION = '23505';

/** COPY's text format: backslash, tab and line breaks inside a value must be escaped. */
const escapeCopy = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

function toCopyText(rows: readonly MetricPoint[]): string {
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] = `${r.trialId}\t${escapeCopy(r.key)}\t${r.step}\t${r.value}\t${new Date(r.t).toISOString()}\n`;
  }
  return lines.join('');
}

/** Within one batch a point may appear twice (an agent retried a send); keep the first. */
function dedupe(rows: readonly MetricPoint[]): MetricPoint[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.trialId}\u0000${r.key}\u0000${r.step}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function countBySeries(rows: readonly MetricPoint[]): SeriesInsert[] {
  const counts = new Map<string, SeriesInsert>();
  for (const r of rows) {
    const id = `${r.trialId}\u0000${r.key}`;
    const c = counts.get(id);
    if (c) c.inserted += 1;
    else counts.set(id, { trialId: r.trialId, key: r.key, inserted: 1 });
  }
  return [...counts.values()];
}

/** Owner of the `metric` table. */
export class MetricStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Inserts points, ignoring ones already stored. The common case (nothing stored yet) goes
   * through COPY, about twice as fast here as INSERT ... ON CONFLICT; a replay hits the unique
   * key, rolls back to the savepoint and takes the conflict-tolerant path instead. COPY needs
   * the transaction's own connection, so it is used only inside `ds.transaction` with `useCopy`.
   */
  async insert(rows: readonly MetricPoint[], useCopy: boolean): Promise<SeriesInsert[]> {
    if (rows.length === 0) return [];
    const unique = dedupe(rows);
    const client = ((this.db as EntityManager).queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
    if (useCopy && client && unique.length >= 200) {
      await client.query('SAVEPOINT anneal_metric_copy');
      try {
        const copy = client.query(copyStreams.from('COPY metric (trial_id, key, step, value, reported_at) FROM STDIN'));
        await pipeline(Readable.from([toCopyText(unique)]), copy);
        await client.query('RELEASE SAVEPOINT anneal_metric_copy');
        return countBySeries(unique);
      } catch (e) {
        if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
        await client.query('ROLLBACK TO SAVEPOINT anneal_metric_copy');
      }
    }
    // unnest turns parallel arrays into rows: one round trip for thousands of points. What was
    // really inserted comes back counted per series, so a replay does not count twice.
    const counted: Array<{ trial_id: string; key: string; n: number }> = await this.db.query(
      `WITH ins AS (
         INSERT INTO metric (trial_id, key, step, value, reported_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::float8[], $5::timestamptz[])
         ON CONFLICT (trial_id, key, step) DO NOTHING
         RETURNING trial_id, key)
       SELECT trial_id, key, count(*)::int AS n FROM ins GROUP BY trial_id, key`,
      [unique.map((r) => r.trialId), unique.map((r) => r.key), unique.map((r) => r.step), unique.map((r) => r.value), unique.map((r) => new Date(r.t).toISOString())],
    );
    return counted.map((c) => ({ trialId: c.trial_id, key: c.key, inserted: c.n }));
  }

  /** Which of these points are stored already (whatever their value). */
  async existing(points: ReadonlyArray<{ trialId: string; key: string; step: number }>): Promise<Array<{ trialId: string; key: string; step: number }>> {
    if (points.length === 0) return [];
    const rows: Array<{ trial_id: string; key: string; step: number }> = await this.db.query(
      `SELECT m.trial_id, m.key, m.step
         FROM metric m JOIN unnest($1::uuid[], $2::text[], $3::int[]) AS p(trial_id, key, step)
           ON m.trial_id = p.trial_id AND m.key = p.key AND m.step = p.step`,
      [points.map((p) => p.trialId), points.map((p) => p.key), points.map((p) => p.step)],
    );
    return rows.map((r) => ({ trialId: r.trial_id, key: r.key, step: r.step }));
  }

  /** Every series of each trial (or only `keys`), points in step order. */
  async series(trialIds: readonly string[], keys: readonly string[] | null): Promise<Map<string, MetricSeries[]>> {
    const rows: Array<{ trial_id: string; key: string; step: number; value: number }> = await this.db.query(
      `SELECT trial_id, key, step, value FROM metric WHERE trial_id = ANY($1::uuid[]) ${keys ? 'AND key = ANY($2::text[])' : ''}
        ORDER BY trial_id, key, step`,
      keys ? [trialIds, keys] : [trialIds],
    );
    const result = new Map<string, MetricSeries[]>(trialIds.map((id) => [id, []]));
    for (const r of rows) {
      const series = result.get(r.trial_id)!;
      const last = series[series.length - 1];
      if (last && last.key === r.key) last.points.push({ step: r.step, value: r.value });
      else series.push({ key: r.key, points: [{ step: r.step, value: r.value }] });
    }
    return result;
  }

  /**
   * The latest point (highest step) of each given key for each trial; a key a trial never
   * reported is absent. One backward index probe per (trial, key) on the primary key.
   */
  async latest(trialIds: readonly string[], keys: readonly string[]): Promise<Map<string, Array<{ key: string; step: number; value: number }>>> {
    const result = new Map<string, Array<{ key: string; step: number; value: number }>>(trialIds.map((id) => [id, []]));
    if (trialIds.length === 0 || keys.length === 0) return result;
    const rows: Array<{ trial_id: string; key: string; step: number; value: number }> = await this.db.query(
      `SELECT t.id AS trial_id, k.key, m.step, m.value
         FROM unnest($1::uuid[]) AS t(id) CROSS JOIN unnest($2::text[]) AS k(key)
         CROSS JOIN LATERAL (SELECT step, value FROM metric WHERE trial_id = t.id AND key = k.key ORDER BY step DESC LIMIT 1) m`,
      [trialIds, keys],
    );
    for (const r of rows) result.get(r.trial_id)?.push({ key: r.key, step: r.step, value: r.value });
    return result;
  }

  /** Distinct metric keys the sweep's trials reported, by name (at most `limit`). */
  async keysOfSweep(sweepId: string, limit: number): Promise<string[]> {
    const rows: Array<{ key: string }> = await this.db.query(
      `SELECT DISTINCT ms.key FROM metric_series ms JOIN trial t ON t.id = ms.trial_id WHERE t.sweep_id = $1 ORDER BY ms.key LIMIT $2`,
      [sweepId, limit],
    );
    return rows.map((r) => r.key);
  }

  /**
   * Points of `metric` after each given trial's last known step, in the order they were reported
   * (then trial and step). A scheduler that falls behind replays the population as it trained:
   * trial by trial, PBT would judge the first member before the others had any report and the
   * later ones against the first one's final value.
   */
  async reportsAfter(sweepId: string, metric: string, after: ReadonlyArray<{ number: number; step: number }>): Promise<MetricReport[]> {
    return this.db.query(
      `SELECT t.number, m.step, m.value,
              EXISTS (SELECT 1 FROM trial_event e WHERE e.trial_id = t.id AND e.type = 'checkpoint' AND (e.data->>'step')::int = m.step) AS checkpoint
         FROM unnest($2::int[], $3::int[]) AS w(number, after)
         JOIN trial t ON t.sweep_id = $1 AND t.number = w.number
         JOIN metric m ON m.trial_id = t.id AND m.key = $4 AND m.step > w.after
        ORDER BY m.reported_at, t.number, m.step`,
      [sweepId, after.map((a) => a.number), after.map((a) => a.step), metric],
    );
  }

  /** How many points a sweep's trials hold. */
  async countOfSweep(sweepId: string): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM metric m JOIN trial t ON t.id = m.trial_id WHERE t.sweep_id = $1`, [sweepId]);
    return row.n as number;
  }

  /**
   * How much a read of these trials' series (or only `keys`) would return with at most
   * `maxPoints` points per series: one row, however many series there are, so a caller can refuse
   * a read before it holds any of it.
   */
  async readSize(trialIds: readonly string[], keys: readonly string[] | null, maxPoints: number): Promise<{ series: number; points: number }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS series, coalesce(sum(least(n, $2)), 0)::bigint AS points
         FROM (SELECT count(*) AS n FROM metric WHERE trial_id = ANY($1::uuid[]) ${keys ? 'AND key = ANY($3::text[])' : ''} GROUP BY trial_id, key) s`,
      keys ? [trialIds, maxPoints, keys] : [trialIds, maxPoints],
    );
    return { series: row.series as number, points: Number(row.points) };
  }

  /**
   * Like `series`, but a series longer than `maxPoints` (at least 4) comes back downsampled in
   * the database, so only what is returned crosses the wire: the same selection as
   * `downsampleMinMax` in @anneal/core (its comment says why min/max per bucket): with n points
   * and B = (maxPoints - 2) / 2 buckets of `ntile(B)` in step order, each bucket's lowest and
   * highest value (earliest step on ties), and the first and last point.
   */
  async downsampledSeries(trialIds: readonly string[], keys: readonly string[] | null, maxPoints: number): Promise<Map<string, MetricSeries[]>> {
    const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
    const rows: Array<{ trial_id: string; key: string; step: number; value: number }> = await this.db.query(
      `WITH m AS (
         SELECT trial_id, key, step, value,
                count(*) OVER s AS n,
                row_number() OVER (s ORDER BY step) AS i,
                row_number() OVER (s ORDER BY step DESC) AS j,
                ntile($2) OVER (s ORDER BY step) AS b
           FROM metric WHERE trial_id = ANY($1::uuid[]) ${keys ? 'AND key = ANY($4::text[])' : ''}
         WINDOW s AS (PARTITION BY trial_id, key)
       ), r AS (
         SELECT trial_id, key, step, value, n, i, j,
                row_number() OVER (PARTITION BY trial_id, key, b ORDER BY value, step) AS lo,
                row_number() OVER (PARTITION BY trial_id, key, b ORDER BY value DESC, step) AS hi
           FROM m
       )
       SELECT trial_id, key, step, value FROM r
        WHERE n <= $3 OR i = 1 OR j = 1 OR lo = 1 OR hi = 1
        ORDER BY trial_id, key, step`,
      keys ? [trialIds, buckets, maxPoints, keys] : [trialIds, buckets, maxPoints],
    );
    const result = new Map<string, MetricSeries[]>(trialIds.map((id) => [id, []]));
    for (const r of rows) {
      const series = result.get(r.trial_id)!;
      const last = series[series.length - 1];
      if (last && last.key === r.key) last.points.push({ step: r.step, value: r.value });
      else series.push({ key: r.key, points: [{ step: r.step, value: r.value }] });
    }
    return result;
  }
}
