import Link from 'next/link';
import { LeaderboardControls } from '@/components/LeaderboardControls';
import { LeaderboardTable, type LeaderboardRow } from '@/components/LeaderboardTable';
import { StatusFilters } from '@/components/StatusFilters';
import type { SweepLeaderboardQuery } from '@/lib/generated/graphql';
import type { LeaderboardView, RangeFilter } from '@/lib/leaderboard-view';
import { countSummary, filterSummary } from '@/lib/sweep-leaderboard';

type Sweep = NonNullable<SweepLeaderboardQuery['sweep']>;

interface Props {
  base: string;
  view: LeaderboardView;
  tag: string | null;
  /** Every row the page loaded (the best trials). */
  rows: readonly LeaderboardRow[];
  /** The rows the view and tag filter leave, in the view's order. */
  shown: LeaderboardRow[];
  columns: string[];
  rangeKeys: Array<{ key: RangeFilter['key']; label: string }>;
  /** Its metric keys (for metric columns), metric name and the API's count of its trials. */
  sweep: Pick<Sweep, 'metricKeys' | 'metricName' | 'trials'>;
  bestId: string | undefined;
  now: number;
}

/** The leaderboard: what it shows, filters by status, range and metric columns, and the table. */
export function LeaderboardSection({ base, view, tag, rows, shown, columns, rangeKeys, sweep, bestId, now }: Props) {
  return (
    <section className="section">
      <h2>
        Leaderboard
        <small>
          {countSummary(rows.length, sweep.trials.totalCount, sweep.trials.pageInfo.hasNextPage)}
          {filterSummary(view, shown.length)}
          {tag ? ` · tagged ${tag} (` : ''}
          {tag ? <Link href={base}>all</Link> : null}
          {tag ? ')' : ''}
        </small>
      </h2>
      <StatusFilters base={base} view={view} />
      <LeaderboardControls base={base} view={view} tag={tag} rangeKeys={rangeKeys} metricKeys={sweep.metricKeys} />
      {shown.length === 0 ? (
        <div className="empty">{rows.length === 0 ? 'No trials yet.' : 'No trials match these filters.'}</div>
      ) : (
        <LeaderboardTable base={base} view={view} tag={tag} rows={shown} columns={columns} metricLabel={sweep.metricName ?? 'Objective'} bestId={bestId} now={now} />
      )}
    </section>
  );
}
