import Link from 'next/link';
import { ViewHiddenInputs } from '@/components/ViewHiddenInputs';
import { MAX_METRIC_COLUMNS, rangeText, viewQuery, type LeaderboardView, type RangeFilter } from '@/lib/leaderboard-view';

interface Props {
  base: string;
  view: LeaderboardView;
  tag: string | null;
  /** Columns a range can apply to: objective, duration, numeric parameters, metric columns. */
  rangeKeys: Array<{ key: RangeFilter['key']; label: string }>;
  /** Every metric the sweep's trials reported. */
  metricKeys: string[];
}

const withTag = (query: string, tag: string | null): string =>
  tag ? `${query}${query ? '&' : '?'}tag=${encodeURIComponent(tag)}` : query;

function labelOf(r: RangeFilter, keys: Props['rangeKeys']): string {
  const label = keys.find((k) => k.key === r.key)?.label ?? r.key;
  if (r.min !== undefined && r.max !== undefined) return `${r.min} ≤ ${label} ≤ ${r.max}`;
  return r.min !== undefined ? `${label} ≥ ${r.min}` : `${label} ≤ ${r.max}`;
}

/**
 * Range filters, metric columns and export for the leaderboard: a GET form, so the view stays in
 * the URL and works without JavaScript; the export downloads what the table shows.
 */
export function LeaderboardControls({ base, view, tag, rangeKeys, metricKeys }: Props) {
  const exportHref = (format: 'csv' | 'json') => `${base}/export${withTag(viewQuery(view), tag)}${viewQuery(view) || tag ? '&' : '?'}format=${format}`;
  return (
    <div className="leaderboard-controls">
      {view.ranges.length > 0 ? (
        <ul className="active-ranges" aria-label="Active range filters">
          {view.ranges.map((r) => (
            <li key={rangeText(r)}>
              {labelOf(r, rangeKeys)}{' '}
              <Link href={`${base}${withTag(viewQuery({ ...view, ranges: view.ranges.filter((x) => x !== r) }), tag)}`} aria-label={`remove filter ${labelOf(r, rangeKeys)}`}>
                ×
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <details open={view.metrics.length > 0 ? true : undefined}>
        <summary>Filter by range, pick metric columns, export</summary>
        <form method="get" action={base} className="controls-form">
          {/* The form sets the metric columns itself (unchecked boxes send nothing) and adds a range to the kept ones. */}
          <ViewHiddenInputs view={view} tag={tag} omit={['cols']} />
          <fieldset>
            <legend>Add a range</legend>
            <label>
              Column{' '}
              <select name="rk" defaultValue="">
                <option value="">(none)</option>
                {rangeKeys.map((k) => (
                  <option key={k.key} value={k.key}>{k.label}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              from <input name="rmin" inputMode="decimal" size={8} placeholder="min" />
            </label>{' '}
            <label>
              to <input name="rmax" inputMode="decimal" size={8} placeholder="max" />
            </label>
          </fieldset>
          {metricKeys.length > 0 ? (
            <fieldset>
              <legend>Metric columns (latest value; up to {MAX_METRIC_COLUMNS})</legend>
              <div className="metric-columns">
                {metricKeys.map((k) => (
                  <label key={k}>
                    <input type="checkbox" name="cols" value={k} defaultChecked={view.metrics.includes(k)} /> {k}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <button type="submit" className="button">Apply</button>
        </form>
        <p className="export-links">
          Export what the table shows: <a href={exportHref('csv')} download>CSV</a> · <a href={exportHref('json')} download>JSON</a>
        </p>
      </details>
    </div>
  );
}
