import { downsampleMinMax } from '@anneal/core';
import { MetricStore, TelemetryUsageStore, type MetricSeries } from '@anneal/db';
import {
  getArgumentValues, getNamedType, isObjectType, type GraphQLResolveInfo, type SelectionSetNode,
} from 'graphql';
import type { ApiLimits } from '../api-limits.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { DEFAULT_MAX_POINTS, MAX_MAX_POINTS } from '../limits.js';

/** Roughly what a point and a series (besides its key) take in the JSON response. */
const BYTES_PER_POINT = 40;
const BYTES_PER_SERIES = 40;

/**
 * What one request has read so far, against its ceilings. Refusing here, before rows are
 * fetched, is what keeps the API's memory flat: a read that would not fit is never held.
 */
export class ReadBudget {
  private points = 0;
  private series = 0;
  private bytes = 0;

  constructor(private readonly limits: Pick<ApiLimits, 'maxPointsPerRequest' | 'maxSeriesPerRequest' | 'maxResponseBytes'>) {}

  /**
   * Refuses a read that would take the request past its ceilings, before it happens; what is
   * answered is charged field by field below (so aliases of one deduplicated read count each time).
   */
  check(series: number, points: number): void {
    this.refuseOver(this.series + series, this.points + points);
  }

  /** A `metrics` field answered with this many series. */
  chargeSeries(series: number): void {
    this.series += series;
    this.refuseOver(this.series, this.points);
    this.chargeBytes(series * BYTES_PER_SERIES);
  }

  /** A `points` field answered with this many points. */
  chargePoints(points: number): void {
    this.points += points;
    this.refuseOver(this.series, this.points);
    this.chargeBytes(points * BYTES_PER_POINT);
  }

  private refuseOver(series: number, points: number): void {
    if (series > this.limits.maxSeriesPerRequest) {
      throw new ApiError('QUERY_TOO_COSTLY', `this query reads ${series} metric series, more than the ${this.limits.maxSeriesPerRequest} one request may; ask for fewer trials or pass metrics(keys: [...])`);
    }
    if (points > this.limits.maxPointsPerRequest) {
      throw new ApiError('QUERY_TOO_COSTLY', `this query reads ${points} metric points, more than the ${this.limits.maxPointsPerRequest} one request may; lower points(maxPoints:), ask for fewer trials or pass metrics(keys: [...])`);
    }
  }

  /** For anything else large (log lines): its size in the response. */
  chargeBytes(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxResponseBytes) throw responseTooLarge(this.limits.maxResponseBytes);
  }
}

export const responseTooLarge = (max: number): ApiError =>
  new ApiError('RESPONSE_TOO_LARGE', `the response would exceed ${max} bytes; ask for less (fewer trials, fewer metric keys, a lower maxPoints or fewer log lines)`);

export function checkMaxPoints(maxPoints: number): number {
  if (!Number.isInteger(maxPoints) || maxPoints < 4 || maxPoints > MAX_MAX_POINTS) {
    throw new ApiError('BAD_USER_INPUT', `'maxPoints' must be an integer from 4 to ${MAX_MAX_POINTS}`);
  }
  return maxPoints;
}

/**
 * The most points any `points(maxPoints:)` under this `metrics` field asks for (aliases and
 * fragments included), so the series are read from the database at that size once and each
 * `points` field downsamples further on its own.
 */
export function largestMaxPoints(info: GraphQLResolveInfo): number {
  const seriesType = getNamedType(info.returnType);
  const pointsField = isObjectType(seriesType) ? seriesType.getFields().points : undefined;
  let largest = 0;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field' && s.name.value === 'points' && pointsField) {
        const args = getArgumentValues(pointsField, s, info.variableValues) as { maxPoints?: number | null };
        largest = Math.max(largest, checkMaxPoints(args.maxPoints ?? DEFAULT_MAX_POINTS));
      } else if (s.kind === 'InlineFragment') {
        visit(s.selectionSet, seen);
      } else if (s.kind === 'FragmentSpread' && !seen.has(s.name.value)) {
        visit(info.fragments[s.name.value]?.selectionSet, new Set([...seen, s.name.value]));
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  // Only keys were asked for: nothing of the points is read beyond what the size check needs.
  return largest === 0 ? 4 : largest;
}

/** Series of many trials, read already downsampled to `maxPoints`, after the budget allowed them. */
export async function readSeries(
  deps: ApiDeps, budget: ReadBudget, trialIds: readonly string[], keys: readonly string[] | null, maxPoints: number,
): Promise<Map<string, MetricSeries[]>> {
  const store = new MetricStore(deps.ds);
  const size = await store.readSize(trialIds, keys, maxPoints);
  budget.check(size.series, size.points);
  return store.downsampledSeries(trialIds, keys, maxPoints);
}

/** One `points` field: the series' points, at most `maxPoints` of them, charged to the request. */
export function pointsOf(budget: ReadBudget | undefined, series: MetricSeries, maxPoints: number): MetricSeries['points'] {
  const points = downsampleMinMax(series.points, checkMaxPoints(maxPoints));
  budget?.chargePoints(points.length);
  return points;
}

/** A trial's series and their sizes, for choosing what to read; the trial was authorized by whoever resolved it. */
export async function metricKeysOf(deps: ApiDeps, trialId: string): Promise<Array<{ key: string; points: number }>> {
  return new TelemetryUsageStore(deps.ds).seriesOf(trialId);
}
