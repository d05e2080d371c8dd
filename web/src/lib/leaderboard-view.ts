// How a person looks at the leaderboard: sorted by a column, filtered by status, some trials
// picked to compare. Kept in the URL (links and a GET form), so a view can be shared and the
// page works without JavaScript. Pure, like the other lib modules.
import { rankTrials } from './leaderboard.ts';

export type SortKey = 'objective' | 'number' | 'status' | 'duration' | `param:${string}` | `metric:${string}`;

/** A column's numeric range a row must fall in (either bound open); duration in seconds. */
export interface RangeFilter {
  key: 'objective' | 'duration' | `param:${string}` | `metric:${string}`;
  min?: number;
  max?: number;
}

export interface LeaderboardView {
  sort: SortKey;
  /** `asc` for objective means best first, whatever the goal. */
  dir: 'asc' | 'desc';
  /** Statuses shown; empty for all. */
  statuses: string[];
  /** Trial ids picked for the comparison panel. */
  compare: string[];
  /** Rows outside any of these ranges are hidden. */
  ranges: RangeFilter[];
  /** Metric keys shown as columns (each trial's latest value). */
  metrics: string[];
  /** The metric the sweep page's curves chart draws; null for the sweep metric. */
  curve: string | null;
}

export const DEFAULT_VIEW: LeaderboardView = { sort: 'objective', dir: 'asc', statuses: [], compare: [], ranges: [], metrics: [], curve: null };
/** Metric columns at once (the API's Trial.latest takes 20 keys). */
export const MAX_METRIC_COLUMNS = 8;
/** A metric key in the URL longer than this is cut (keys are at most 200 characters). */
const MAX_KEY_CHARS = 200;
/** More than this many curves on one chart stop being readable. */
export const MAX_COMPARE = 8;

export interface ViewableTrial {
  id: string;
  number: number;
  status: string;
  objective?: number | null | undefined;
  startedAt?: string | null | undefined;
  finishedAt?: string | null | undefined;
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const list = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

const rangeKey = (key: string): key is RangeFilter['key'] =>
  key === 'objective' || key === 'duration' || (key.startsWith('param:') && key.length > 6) || (key.startsWith('metric:') && key.length > 7);

/** `param:lr:0.0001..0.01`, `objective:..0.5`, `duration:60..`: a key, then `min..max` with either side open. */
export function parseRange(text: string): RangeFilter | null {
  const cut = text.lastIndexOf(':');
  if (cut <= 0) return null;
  const key = text.slice(0, cut);
  const [lo, hi, ...extra] = text.slice(cut + 1).split('..');
  if (!rangeKey(key) || hi === undefined || extra.length > 0) return null;
  const bound = (s: string): number | undefined | null => (s.trim() === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : null);
  const min = bound(lo ?? '');
  const max = bound(hi);
  if (min === null || max === null || (min === undefined && max === undefined)) return null;
  return { key, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

export function rangeText(r: RangeFilter): string {
  return `${r.key}:${r.min ?? ''}..${r.max ?? ''}`;
}

/** Reads a view from search params; anything unknown falls back to the default, never an error page. */
export function parseView(params: Params, statuses: readonly string[]): LeaderboardView {
  const sort = first(params.sort);
  const valid = sort === 'objective' || sort === 'number' || sort === 'status' || sort === 'duration'
    || (sort?.startsWith('param:') && sort.length > 6) || (sort?.startsWith('metric:') && sort.length > 7);
  // Ranges come one per `range` parameter (a bound may hold no comma, but a name might).
  const rangeTexts = (Array.isArray(params.range) ? params.range : params.range ? [params.range] : []).filter((s) => s !== '');
  // The page's form adds one range from separate fields (no JavaScript needed to compose it).
  const newKey = first(params.rk);
  if (newKey) rangeTexts.push(`${newKey}:${first(params.rmin) ?? ''}..${first(params.rmax) ?? ''}`);
  return {
    sort: valid ? (sort as SortKey) : DEFAULT_VIEW.sort,
    dir: first(params.dir) === 'desc' ? 'desc' : 'asc',
    statuses: list(params.status).map((s) => s.toUpperCase()).filter((s) => statuses.includes(s)),
    compare: [...new Set(list(params.compare))].slice(0, MAX_COMPARE),
    ranges: rangeTexts.map(parseRange).filter((r): r is RangeFilter => r !== null),
    metrics: [...new Set(list(params.cols))].slice(0, MAX_METRIC_COLUMNS),
    curve: first(params.curve)?.trim().slice(0, MAX_KEY_CHARS) || null,
  };
}

/** The query string for a view (defaults left out, so plain links stay plain). */
export function viewQuery(view: LeaderboardView): string {
  const q = new URLSearchParams();
  if (view.sort !== DEFAULT_VIEW.sort) q.set('sort', view.sort);
  if (view.dir !== DEFAULT_VIEW.dir) q.set('dir', view.dir);
  if (view.statuses.length > 0) q.set('status', view.statuses.join(','));
  if (view.compare.length > 0) q.set('compare', view.compare.join(','));
  for (const r of view.ranges) q.append('range', rangeText(r));
  if (view.metrics.length > 0) q.set('cols', view.metrics.join(','));
  if (view.curve !== null) q.set('curve', view.curve);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** Clicking a column header: sort by it, or flip the direction when it is the sort already. */
export function sortedBy(view: LeaderboardView, sort: SortKey): LeaderboardView {
  return { ...view, sort, dir: view.sort === sort && view.dir === 'asc' ? 'desc' : 'asc' };
}

/** Milliseconds a trial ran (until now while it runs); null before it started. */
export function durationMs(trial: ViewableTrial, now: number): number | null {
  if (!trial.startedAt) return null;
  const end = trial.finishedAt ? Date.parse(trial.finishedAt) : now;
  return Math.max(0, end - Date.parse(trial.startedAt));
}

function compareValues(a: unknown, b: unknown): number {
  const missingA = a === undefined || a === null;
  const missingB = b === undefined || b === null;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface ViewRow<T extends ViewableTrial> {
  trial: T;
  /** Params by dotted name. */
  flat: Record<string, unknown>;
  /** Latest value of each metric column, by key. */
  latest?: Record<string, number>;
}

/** The value a sort or range reads from a row: durations in seconds. */
export function columnValue<T extends ViewableTrial>(row: ViewRow<T>, key: SortKey, now: number): unknown {
  if (key === 'objective') return row.trial.objective;
  if (key === 'number') return row.trial.number;
  if (key === 'status') return row.trial.status;
  if (key === 'duration') { const ms = durationMs(row.trial, now); return ms === null ? null : ms / 1000; }
  if (key.startsWith('metric:')) return row.latest?.[key.slice('metric:'.length)];
  return row.flat[key.slice('param:'.length)];
}

/** Whether a row falls inside every range (a missing or non-numeric value is outside). */
export function inRanges<T extends ViewableTrial>(row: ViewRow<T>, ranges: readonly RangeFilter[], now: number): boolean {
  return ranges.every((r) => {
    const v = columnValue(row, r.key, now);
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
  });
}

/**
 * The rows a view shows, in its order. Missing values (no objective, a parameter a trial lacks,
 * not started) stay last in both directions; ties keep trial-number order.
 */
export function applyView<T extends ViewableTrial, R extends ViewRow<T>>(
  rows: ReadonlyArray<R>,
  view: LeaderboardView,
  metricGoal: string | null | undefined,
  now: number,
): R[] {
  const shown = rows.filter((r) => (view.statuses.length === 0 || view.statuses.includes(r.trial.status)) && inRanges(r, view.ranges, now));
  if (view.sort === 'objective') {
    const ranked = rankTrials(shown.map((r) => r.trial), metricGoal);
    const byId = new Map(shown.map((r) => [r.trial.id, r] as const));
    const ordered = ranked.map((t) => byId.get(t.id)!);
    if (view.dir === 'asc') return ordered;
    const withObjective = ordered.filter((r) => typeof r.trial.objective === 'number');
    return [...withObjective.reverse(), ...ordered.filter((r) => typeof r.trial.objective !== 'number')];
  }
  const key = (r: R): unknown => columnValue(r, view.sort, now);
  const sign = view.dir === 'asc' ? 1 : -1;
  return shown.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const missing = (ka === undefined || ka === null) !== (kb === undefined || kb === null);
    const c = missing ? compareValues(ka, kb) : sign * compareValues(ka, kb);
    return c !== 0 ? c : a.trial.number - b.trial.number;
  });
}

/** "42 s", "3 min 5 s", "2 h 14 min": what a person reads at a glance. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
