import { DateTime } from '@/components/DateTime';
import { spendText } from '@/lib/budget';
import { formatMetric, formatObjective, trialCountDetails } from '@/lib/format';
import type { SweepLeaderboardQuery } from '@/lib/generated/graphql';
import type { ObjectiveSpec } from '@/lib/pareto';

type Sweep = NonNullable<SweepLeaderboardQuery['sweep']>;

interface Props {
  sweep: Pick<Sweep, 'method' | 'metricName' | 'metricGoal' | 'bestTrial' | 'trialCounts' | 'createdAt' | 'budget' | 'spend'>;
  /** The objectives of a Pareto sweep; null with one metric. */
  objectives: readonly ObjectiveSpec[] | null;
}

/** The sweep's facts under its title: method, metric(s), best trial, trial counts, creation, spend when it has no budget. */
export function SweepMeta({ sweep, objectives }: Props) {
  const details = trialCountDetails(sweep.trialCounts);
  return (
    <dl className="meta">
      <div>
        <dt>Method</dt>
        <dd>{sweep.method}</dd>
      </div>
      <div>
        <dt>{objectives ? 'Objectives' : 'Metric'}</dt>
        <dd>{objectives ? objectives.map((o) => formatMetric(o.name, o.goal)).join(' · ') : formatMetric(sweep.metricName, sweep.metricGoal)}</dd>
      </div>
      <div>
        <dt>Best</dt>
        <dd>
          {formatObjective(sweep.bestTrial?.objective)}
          {sweep.bestTrial ? ` (trial #${sweep.bestTrial.number})` : ''}
        </dd>
      </div>
      <div>
        <dt>Trials</dt>
        <dd>
          {sweep.trialCounts.completed} / {sweep.trialCounts.total} completed
          {details ? ` · ${details}` : ''}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <DateTime iso={sweep.createdAt} />
        </dd>
      </div>
      {sweep.budget ? null : (
        <div>
          <dt>Spent</dt>
          <dd>{spendText(sweep.spend)}</dd>
        </div>
      )}
    </dl>
  );
}
