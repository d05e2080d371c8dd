import Link from 'next/link';
import { viewQuery, type LeaderboardView } from '@/lib/leaderboard-view';
import { TRIAL_STATUSES } from '@/lib/sweep-leaderboard';

/** Links that show the leaderboard's trials of one status, or of all; the current one is marked. */
export function StatusFilters({ base, view }: { base: string; view: LeaderboardView }) {
  return (
    <nav className="filters" aria-label="Filter by status">
      <Link href={`${base}${viewQuery({ ...view, statuses: [] })}`} aria-current={view.statuses.length === 0 ? 'true' : undefined}>
        all
      </Link>
      {TRIAL_STATUSES.map((st) => (
        <Link key={st} href={`${base}${viewQuery({ ...view, statuses: [st] })}`} aria-current={view.statuses.length === 1 && view.statuses[0] === st ? 'true' : undefined}>
          {st.toLowerCase()}
        </Link>
      ))}
    </nav>
  );
}
