import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyCaps, pointId, seriesId, type UsageSnapshot } from '../ingest/apply-caps.js';
import type { BatchPlan } from '../ingest/plan-batch.js';
import { trialLimits } from '../ingest/telemetry-limits.js';
import { TELEMETRY_LIMITS } from '@anneal/core';

const T = 'trial-1';
const emptyPlan = (): BatchPlan => ({ metrics: [], logs: [], statusChanges: [], objectives: [], checkpoints: [], infos: [], heartbeats: [], dropped: [], refusedPoints: [], capHits: [] });
const usage = (o: Partial<UsageSnapshot> & { metricKeys?: number; limits?: Partial<{ metricKeys: number; pointsPerSeries: number; logBytes: number }> }): UsageSnapshot => ({
  trials: new Map([[T, { metricKeys: o.metricKeys ?? 0, logBytes: 0, limits: { metricKeys: 1000, pointsPerSeries: 100_000, logBytes: 1 << 24, ...o.limits } }]]),
  series: o.series ?? new Map(),
  nearLimit: o.nearLimit ?? new Set(),
  existing: o.existing ?? new Set(),
});

describe('applyCaps', () => {
  test('a second copy of a point the series limit kept out is kept out too', () => {
    const plan = emptyPlan();
    plan.metrics = [5, 6, 5].map((step) => ({ trialId: T, key: 'loss', step, value: step, t: 0 }));
    applyCaps(plan, usage({ limits: { pointsPerSeries: 5 }, series: new Map([[seriesId(T, 'loss'), 4]]), nearLimit: new Set([seriesId(T, 'loss')]) }), () => 's');
    assert.deepEqual(plan.metrics.map((p) => p.step), [5, 5]);
    assert.equal(plan.capHits.length, 1);
    assert.equal(plan.capHits[0]!.first, 'loss@6');
  });

  test('a stored point near the limit takes no room', () => {
    const plan = emptyPlan();
    plan.metrics = [3, 4].map((step) => ({ trialId: T, key: 'loss', step, value: step, t: 0 }));
    const u = usage({ limits: { pointsPerSeries: 5 }, series: new Map([[seriesId(T, 'loss'), 4]]), nearLimit: new Set([seriesId(T, 'loss')]), existing: new Set([pointId(T, 'loss', 3)]) });
    applyCaps(plan, u, () => 's');
    assert.deepEqual(plan.metrics.map((p) => p.step), [3, 4]);
    assert.deepEqual(plan.capHits, []);
  });

  test('never more keys, or more new points per series, than the limits allow; each limit one hit', () => {
    const point = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), step: fc.nat(40) });
    fc.assert(fc.property(fc.array(point, { maxLength: 80 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 3 }), (pts, maxKeys, maxPoints, known) => {
      const plan = emptyPlan();
      plan.metrics = pts.map((p) => ({ trialId: T, key: p.key, step: p.step, value: 1, t: 0 }));
      const keysKnown = ['a', 'b', 'c'].slice(0, Math.min(known, maxKeys));
      const series = new Map(keysKnown.map((k) => [seriesId(T, k), 0]));
      // Every series counts as near its limit, so duplicates within the batch take no room.
      applyCaps(plan, usage({ metricKeys: keysKnown.length, series, nearLimit: new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => seriesId(T, k))), limits: { metricKeys: maxKeys, pointsPerSeries: maxPoints } }), () => 's');
      const keys = new Set([...keysKnown, ...plan.metrics.map((p) => p.key)]);
      assert.ok(keys.size <= maxKeys);
      for (const k of keys) assert.ok(new Set(plan.metrics.filter((p) => p.key === k).map((p) => p.step)).size <= maxPoints);
      assert.equal(new Set(plan.capHits.map((h) => h.cap)).size, plan.capHits.length);
    }));
  });

  test("trialLimits reads the config document's `limits:`, defaults what is missing and never passes the ceiling", () => {
    assert.deepEqual(trialLimits(undefined), TELEMETRY_LIMITS.defaults);
    assert.deepEqual(trialLimits({ metric_keys: 5, points_per_series: 10 ** 9 }), {
      metricKeys: 5, pointsPerSeries: TELEMETRY_LIMITS.ceiling.pointsPerSeries, logBytes: TELEMETRY_LIMITS.defaults.logBytes,
    });
    assert.deepEqual(trialLimits({ metric_keys: -1, log_bytes: 'x' }), TELEMETRY_LIMITS.defaults);
  });
});
