import type { BatchPlan, CapHit } from './plan-batch.js';
import type { TelemetryLimits } from '@anneal/core';

/** What the batch's trials hold now, read under their row locks. */
export interface UsageSnapshot {
  trials: ReadonlyMap<string, { metricKeys: number; logBytes: number; limits: TelemetryLimits }>;
  /** Stored points per series, keyed by seriesId; a series not here is a new key. */
  series: ReadonlyMap<string, number>;
  /** Series this batch could take past their limit: only their points are checked one by one. */
  nearLimit: ReadonlySet<string>;
  /** Points of `nearLimit` series that are stored already (pointId). */
  existing: ReadonlySet<string>;
}

export const seriesId = (trialId: string, key: string): string => `${trialId}\u0000${key}`;
export const pointId = (trialId: string, key: string, step: number): string => `${trialId}\u0000${key}\u0000${step}`;

const lineBytes = (line: string): number => Buffer.byteLength(line, 'utf8');

/**
 * Holds each trial to its sweep's limits, in message order: points of keys past `metricKeys`
 * (known keys go on), points past `pointsPerSeries` in a series, and log lines past `logBytes`
 * are taken out of the plan. Each limit a trial runs into becomes one CapHit for the batch;
 * the caller records it once per trial (EventStore.recordOnce), not once per point.
 */
export function applyCaps(plan: BatchPlan, usage: UsageSnapshot, sweepOf: (trialId: string) => string): void {
  const hits = new Map<string, CapHit>();
  const hit = (trialId: string, cap: CapHit['cap'], limit: number, first: string): void => {
    const id = `${trialId}/${cap}`;
    const h = hits.get(id);
    if (h) h.dropped += 1;
    else hits.set(id, { trialId, sweepId: sweepOf(trialId), cap, limit, dropped: 1, first });
  };

  const keys = new Map<string, number>();
  const points = new Map<string, number>();
  const counted = new Set<string>();
  plan.metrics = plan.metrics.filter((p) => {
    const trial = usage.trials.get(p.trialId);
    if (!trial) return true;
    const id = seriesId(p.trialId, p.key);
    const near = usage.nearLimit.has(id);
    // A replayed point, or a second copy of one accepted within the batch, is kept (the insert ignores it) and takes no room.
    if (near && (usage.existing.has(pointId(p.trialId, p.key, p.step)) || counted.has(pointId(p.trialId, p.key, p.step)))) return true;
    let stored = points.get(id) ?? usage.series.get(id);
    if (stored === undefined) {
      const known = keys.get(p.trialId) ?? trial.metricKeys;
      if (known >= trial.limits.metricKeys) {
        hit(p.trialId, 'metricKeys', trial.limits.metricKeys, p.key);
        return false;
      }
      keys.set(p.trialId, known + 1);
      stored = 0;
    }
    if (stored >= trial.limits.pointsPerSeries) {
      hit(p.trialId, 'pointsPerSeries', trial.limits.pointsPerSeries, `${p.key}@${p.step}`);
      return false;
    }
    points.set(id, stored + 1);
    if (near) counted.add(pointId(p.trialId, p.key, p.step));
    return true;
  });

  const bytes = new Map<string, number>();
  plan.logs = plan.logs.flatMap((row) => {
    const trial = usage.trials.get(row.trialId);
    if (!trial) return [row];
    let used = bytes.get(row.trialId) ?? trial.logBytes;
    let kept = 0;
    while (kept < row.lines.length) {
      const b = lineBytes(row.lines[kept]!);
      if (used + b > trial.limits.logBytes) break;
      used += b;
      kept += 1;
    }
    bytes.set(row.trialId, used);
    if (kept === row.lines.length) return [row];
    hit(row.trialId, 'logBytes', trial.limits.logBytes, row.lines[kept]!.slice(0, 100));
    const h = hits.get(`${row.trialId}/logBytes`)!;
    h.dropped += row.lines.length - kept - 1;
    return kept === 0 ? [] : [{ ...row, lines: row.lines.slice(0, kept) }];
  });
  plan.capHits = [...hits.values()];
}
