import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { LeaderboardSection } from '@/components/LeaderboardSection';
import { Lineage } from '@/components/Lineage';
import { PageLoadError } from '@/components/PageLoadError';
import { ParetoSection } from '@/components/ParetoSection';
import { StoppingDecisions } from '@/components/StoppingDecisions';
import { SweepHeader } from '@/components/SweepHeader';
import { SweepMetricCharts } from '@/components/SweepMetricCharts';
import { SweepNotes } from '@/components/SweepNotes';
import { TrialComparison } from '@/components/TrialComparison';
import { pickedRows } from '@/lib/compare';
import { curveChoice } from '@/lib/curve-choice';
import { readableConfig } from '@/lib/format';
import type { SweepCurvesQuery, SweepCurvesQueryVariables, SweepLeaderboardQuery, SweepLeaderboardQueryVariables } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';
import { parseView, viewQuery } from '@/lib/leaderboard-view';
import { paramColumns } from '@/lib/params';
import { paretoObjectives } from '@/lib/pareto';
import { atLeast, type RoleName } from '@/lib/roles';
import { sweepCharts } from '@/lib/sweep-charts';
import { bestTrialId, leaderboardOrder, leaderboardRows, rangeKeys, shownRows, tagFilterOf, TRIAL_STATUSES } from '@/lib/sweep-leaderboard';
import { CURVES, CURVES_QUERY, DECISIONS, LEADERBOARD_SIZE, SWEEP_QUERY } from './queries';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One API call per request, shared by generateMetadata and the page. */
const loadSweep = cache((id: string, cols: string) =>
  tryGql<SweepLeaderboardQuery, SweepLeaderboardQueryVariables>(SWEEP_QUERY, { id, first: LEADERBOARD_SIZE, cols: cols === '' ? [] : cols.split('\u0000') }),
);

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const result = await loadSweep((await params).id, parseView(await searchParams, TRIAL_STATUSES).metrics.join('\u0000'));
  return { title: result.ok && result.data.sweep ? result.data.sweep.name : 'Sweep' };
}

export default async function SweepPage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = await searchParams;
  const requested = parseView(search, TRIAL_STATUSES);
  const tagFilter = tagFilterOf(search);
  const base = `/sweeps/${encodeURIComponent(id)}`;
  const result = await loadSweep(id, requested.metrics.join('\u0000'));
  if (!result.ok) return <PageLoadError title="Sweep" error={result.error} retryHref={`/sweeps/${encodeURIComponent(id)}`} />;
  const sweep = result.data.sweep;
  if (!sweep) notFound();
  const curve = curveChoice(requested.curve, sweep.metricKeys, sweep.metricName);
  // A series no trial reported is named once, in the notice, and not carried on by every link.
  const view = curve.unknown !== null ? { ...requested, curve: null } : requested;

  // Several objectives: the API's Pareto order is the leaderboard's; one objective: best first.
  const objectives = paretoObjectives(sweep.objectives);
  const nodes = sweep.trials.edges.map((edge) => edge.node);
  const trials = leaderboardOrder(nodes, objectives !== null, sweep.metricGoal);
  const rows = leaderboardRows(trials);
  const columns = paramColumns(rows.map((row) => row.flat));
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request; durations of running trials count until now
  const now = Date.now();
  const shown = shownRows(rows, view, sweep.metricGoal, now, tagFilter, objectives !== null);
  const canAct = atLeast(sweep.project.viewerRole as RoleName, 'MEMBER');
  const picked = pickedRows(rows, view.compare);
  // Second round trip: the curves need the metric name the first one returned.
  // Trials picked to compare may rank below the best CURVES, so then all the leaderboard's curves come.
  const extra = await tryGql<SweepCurvesQuery, SweepCurvesQueryVariables>(CURVES_QUERY, {
    id, keys: curve.key ? [curve.key] : [], first: picked.length > 0 ? LEADERBOARD_SIZE : CURVES, decisions: DECISIONS,
  });
  // The Pareto scatter plots up to the first 1,000 trials (the leaderboard holds 100).
  const charts = sweepCharts(extra.ok ? extra.data.sweep : null, nodes, CURVES, picked.map((r) => r.trial.id));

  return (
    <>
      <SweepHeader sweep={sweep} objectives={objectives} canAct={canAct} />

      {objectives ? <ParetoSection objectives={objectives} front={sweep.paretoFront} trials={charts.scattered} /> : null}

      <LeaderboardSection
        base={base} view={view} tag={tagFilter} rows={rows} shown={shown} columns={columns} sweep={sweep}
        rangeKeys={rangeKeys(sweep.metricName, columns, rows, view.metrics)} bestId={bestTrialId(sweep.bestTrial, trials)} now={now}
      />

      {picked.length > 0 ? (
        <TrialComparison
          picked={picked} columns={columns} metricName={sweep.metricName} curveKey={curve.key} curves={charts.compareCurves}
          clearHref={`${base}${viewQuery({ ...view, compare: [] })}`}
        />
      ) : null}

      <SweepMetricCharts
        metricName={sweep.metricName} metricGoal={sweep.metricGoal} config={sweep.config} rows={rows} columns={columns}
        curves={charts.curves} curve={curve} picker={{ base, view, tag: tagFilter, metricKeys: sweep.metricKeys }}
        curvesShown={CURVES} history={charts.history} importance={charts.importance}
      />

      {trials.some((t) => t.parentTrialId) ? (
        <section className="section">
          <h2>
            Lineage<small>each trial under the one whose checkpoint it continued</small>
          </h2>
          <Lineage trials={trials} />
        </section>
      ) : null}

      <StoppingDecisions decisions={charts.decisions} />

      <SweepNotes sweep={sweep} canEdit={canAct} />

      <section className="section">
        <h2>Config</h2>
        <pre className="config" tabIndex={0} role="region" aria-label="sweep config">{readableConfig(sweep.config)}</pre>
      </section>
    </>
  );
}
