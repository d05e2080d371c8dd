import { ViewHiddenInputs } from '@/components/ViewHiddenInputs';
import Link from 'next/link';
import { StatusBadge } from '@/components/StatusBadge';
import { formatObjective, formatParamValue } from '@/lib/format';
import { infeasibleWords, type Infeasibility } from '@/lib/infeasible';
import { durationMs, formatDuration, MAX_COMPARE, sortedBy, viewQuery, type LeaderboardView, type SortKey } from '@/lib/leaderboard-view';

export interface LeaderboardRow {
  trial: {
    id: string; number: number; status: string; objective: number | null; startedAt: string | null; finishedAt: string | null;
    tags: string[]; infeasible?: Infeasibility | null;
  };
  /** Params by dotted name. */
  flat: Record<string, unknown>;
  /** Latest value of each metric column. */
  latest: Record<string, number>;
}

interface Props {
  base: string;
  view: LeaderboardView;
  tag: string | null;
  /** In the view's order, already filtered. */
  rows: LeaderboardRow[];
  /** Parameter columns, by dotted name. */
  columns: string[];
  metricLabel: string;
  bestId: string | undefined;
  now: number;
}

/** A column header that sorts by its column (a link, so it works without JavaScript). */
function SortHeader({ label, sort, view, base, className }: { label: string; sort: SortKey; view: LeaderboardView; base: string; className?: string }) {
  const active = view.sort === sort;
  return (
    <th className={className} aria-sort={active ? (view.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link href={`${base}${viewQuery(sortedBy(view, sort))}`} className="sort-link">
        {label}
        {active ? (view.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

/**
 * The leaderboard's table: sortable headers (links, so sorting works without JavaScript), a row
 * per trial with its parameters and chosen metric columns, and checkboxes to compare trials.
 */
export function LeaderboardTable({ base, view, tag: tagFilter, rows: shown, columns, metricLabel, bestId, now }: Props) {
  return (
    <form method="get" action={base} aria-label="Compare trials">
      {/* The checkboxes are the comparison; ranges, metric columns and the curves' series stay. */}
      <ViewHiddenInputs view={view} tag={tagFilter} omit={['compare']} />
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>
                <span className="visually-hidden">Compare</span>
              </th>
              <SortHeader label="#" sort="number" view={view} base={base} className="num" />
              <SortHeader label="Status" sort="status" view={view} base={base} />
              <SortHeader label={metricLabel} sort="objective" view={view} base={base} className="num" />
              <SortHeader label="Duration" sort="duration" view={view} base={base} className="num" />
              {columns.map((column) => (
                <SortHeader key={column} label={column} sort={`param:${column}`} view={view} base={base} className="param" />
              ))}
              {view.metrics.map((m) => (
                <SortHeader key={`m-${m}`} label={m} sort={`metric:${m}`} view={view} base={base} className="num" />
              ))}
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ trial, flat, latest }) => (
              <tr key={trial.id} className={trial.id === bestId ? 'best' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    name="compare"
                    value={trial.id}
                    defaultChecked={view.compare.includes(trial.id)}
                    aria-label={`compare trial ${trial.number}`}
                  />
                </td>
                <td className="num">
                  <Link href={`/trials/${encodeURIComponent(trial.id)}`}>{trial.number}</Link>
                </td>
                <td>
                  <StatusBadge status={trial.status} reason={infeasibleWords(trial.infeasible)} />
                </td>
                <td className="num mono">{formatObjective(trial.objective)}</td>
                <td className="num">{formatDuration(durationMs(trial, now))}</td>
                {columns.map((column) => {
                  const text = formatParamValue(flat[column]);
                  return (
                    <td key={column} className="param" title={text}>
                      {text}
                    </td>
                  );
                })}
                {view.metrics.map((m) => (
                  <td key={`m-${m}`} className="num mono">
                    {formatObjective(latest[m])}
                  </td>
                ))}
                <td>
                  {trial.tags.map((t) => (
                    <Link key={t} href={`${base}?tag=${encodeURIComponent(t)}`} className="tag">
                      {t}
                    </Link>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit" className="button ghost compare-button">
        Compare selected (up to {MAX_COMPARE})
      </button>
    </form>
  );
}
