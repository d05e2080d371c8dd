import Link from 'next/link';
import { BudgetMeters } from '@/components/BudgetMeters';
import { LiveUpdates } from '@/components/LiveUpdates';
import { StatusBadge } from '@/components/StatusBadge';
import { SweepActions } from '@/components/SweepActions';
import { SweepLimitsForm } from '@/components/SweepLimitsForm';
import { SweepMeta } from '@/components/SweepMeta';
import { budgetMeters } from '@/lib/budget';
import type { SweepLeaderboardQuery, SweepStatus } from '@/lib/generated/graphql';
import type { ObjectiveSpec } from '@/lib/pareto';

type Sweep = NonNullable<SweepLeaderboardQuery['sweep']>;

/** Statuses during which trials can still change, so the page follows the sweep live. */
const LIVE_STATUSES: ReadonlySet<SweepStatus> = new Set(['PENDING', 'RUNNING']);
/** How often the page reloads while the live stream is down. */
const REFRESH_INTERVAL_MS = 5000;

interface Props {
  sweep: Sweep;
  objectives: readonly ObjectiveSpec[] | null;
  /** Whether the viewer may pause, resume, stop and change limits (members and up). */
  canAct: boolean;
}

/** The sweep page's header: where it sits, its name and state, its actions, its facts and budget. */
export function SweepHeader({ sweep, objectives, canAct }: Props) {
  const live = LIVE_STATUSES.has(sweep.status);
  return (
    <div className="page-header">
      <div className="breadcrumb">
        <Link href="/">Projects</Link> /{' '}
        <Link href={`/projects/${encodeURIComponent(sweep.project.id)}`}>{sweep.project.name}</Link> / sweep
      </div>
      <h1>
        {sweep.name} <StatusBadge status={sweep.status} reason={sweep.statusReason} />
        {live ? <LiveUpdates sweepId={sweep.id} fallbackMs={REFRESH_INTERVAL_MS} /> : null}
      </h1>
      {canAct ? <SweepActions id={sweep.id} status={sweep.status} /> : null}
      {canAct && (live || sweep.status === 'PAUSED') ? <SweepLimitsForm id={sweep.id} runCap={sweep.runCap} maxConcurrent={sweep.maxConcurrent} /> : null}
      <SweepMeta sweep={sweep} objectives={objectives} />
      <BudgetMeters meters={budgetMeters(sweep.spend, sweep.budget)} />
    </div>
  );
}
