import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ImportanceBars } from '@/components/ImportanceBars';
import { AnnotationForm } from '@/components/AnnotationForm';
import { annotateSweepAction } from '@/app/annotations';
import { LiveUpdates } from '@/components/LiveUpdates';
import { ObjectiveHistory } from '@/components/ObjectiveHistory';
import { CurvesChart } from '@/components/CurvesChart';
import { DateTime } from '@/components/DateTime';
import { PageLoadError } from '@/components/PageLoadError';
import { Lineage } from '@/components/Lineage';
import { ParallelCoordinates } from '@/components/ParallelCoordinates';
import { StatusBadge } from '@/components/StatusBadge';
import { formatMetric, formatObjective, formatParamValue, readableConfig, trialCountDetails } from '@/lib/format';
import { describeStop, readDecision } from '@/lib/decisions';
import { SWEEP_SUMMARY_FRAGMENT } from '@/lib/fragments';
import type { SweepCurvesQuery, SweepCurvesQueryVariables, SweepLeaderboardQuery, SweepLeaderboardQueryVariables, SweepStatus } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';
import { isMaximize, rankTrials } from '@/lib/leaderboard';
import { applyView, parseView, viewQuery } from '@/lib/leaderboard-view';
import { atLeast, type RoleName } from '@/lib/roles';
import { SweepActions } from '@/components/SweepActions';
import { SweepLimitsForm } from '@/components/SweepLimitsForm';
import { BudgetMeters } from '@/components/BudgetMeters';
import { LeaderboardControls } from '@/components/LeaderboardControls';
import { LeaderboardTable } from '@/components/LeaderboardTable';
import { budgetMeters, spendText } from '@/lib/budget';
import { flattenParams, paramColumns } from '@/lib/params';
import { logScaleParamsOf, slicePanels } from '@/lib/slices';
import { SlicePlots } from '@/components/SlicePlots';
import { ParetoFront } from '@/components/ParetoFront';
import { inServerOrder } from '@/lib/pareto';

/** How many trials the leaderboard shows (the best ones). */
const LEADERBOARD_SIZE = 100;
/** Statuses during which trials can still change, so the page polls. */
const LIVE_STATUSES: ReadonlySet<SweepStatus> = new Set(['PENDING', 'RUNNING']);
const REFRESH_INTERVAL_MS = 5000;

const SWEEP_QUERY = /* GraphQL */ `
  query SweepLeaderboard($id: ID!, $first: Int!, $cols: [String!]!) {
    sweep(id: $id) {
      ...SweepSummary
      project {
        id
        name
        viewerRole
      }
      config
      metricKeys
      maxConcurrent
      runCap
      spend {
        gpuHours
        wallHours
        trials
        projectedGpuHours
      }
      budget {
        gpuHours
        wallHours
        trials
      }
      notes
      tags
      objectives {
        name
        goal
      }
      paretoFront(first: $first) {
        id
        number
        objectives
        params
      }
      # PARETO: by Pareto rank then crowding with several objectives; the same as OBJECTIVE with one.
      trials(first: $first, orderBy: PARETO) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            number
            status
            infeasible {
              reason
              evidence
            }
            params
            objective
            objectives
            createdAt
            startedAt
            finishedAt
            parentTrialId
            restoreStep
            tags
            latest(keys: $cols) {
              key
              value
            }
          }
        }
      }
    }
  }
  ${SWEEP_SUMMARY_FRAGMENT}
`;

/** Trials whose metric curves are drawn together. */
const CURVES = 10;
const DECISIONS = 50;

const CURVES_QUERY = /* GraphQL */ `
  query SweepCurves($id: ID!, $keys: [String!]!, $first: Int!, $decisions: Int!) {
    sweep(id: $id) {
      trials(first: $first, orderBy: OBJECTIVE) {
        edges {
          node {
            id
            number
            status
            metrics(keys: $keys) {
              key
              points(maxPoints: 300) {
                step
                value
              }
            }
          }
        }
      }
      parameterImportance {
        name
        importance
      }
      history: trials(first: 1000, orderBy: NUMBER) {
        edges {
          node {
            id
            number
            status
            objective
            objectives
          }
        }
      }
      decisions(first: $decisions) {
        id
        trialId
        trialNumber
        createdAt
        data
      }
    }
  }
`;

const TRIAL_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'STOPPED', 'FAILED'];

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
  const view = parseView(search, TRIAL_STATUSES);
  const tagFilter = typeof search.tag === 'string' && search.tag !== '' ? search.tag : null;
  const base = `/sweeps/${encodeURIComponent(id)}`;
  const result = await loadSweep(id, view.metrics.join('\u0000'));
  if (!result.ok) return <PageLoadError title="Sweep" error={result.error} retryHref={`/sweeps/${encodeURIComponent(id)}`} />;
  const sweep = result.data.sweep;
  if (!sweep) notFound();

  const live = LIVE_STATUSES.has(sweep.status);
  // Several objectives: the API's Pareto order is the leaderboard's; one objective: best first.
  const objectives = sweep.objectives && sweep.objectives.length > 1 ? sweep.objectives : null;
  const nodes = sweep.trials.edges.map((edge) => edge.node);
  const trials = objectives ? nodes : rankTrials(nodes, sweep.metricGoal);
  const rows = trials.map((trial) => ({ trial, flat: flattenParams(trial.params), latest: Object.fromEntries(trial.latest.map((l) => [l.key, l.value])) }));
  const columns = paramColumns(rows.map((row) => row.flat));
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request; durations of running trials count until now
  const now = Date.now();
  const viewed = applyView(rows, view, sweep.metricGoal, now).filter((r) => !tagFilter || r.trial.tags.includes(tagFilter));
  const shown = objectives && view.sort === 'objective' && view.dir === 'asc' ? inServerOrder(rows, viewed) : viewed;
  const rangeKeys = [
    { key: 'objective' as const, label: sweep.metricName ?? 'objective' },
    { key: 'duration' as const, label: 'duration (s)' },
    ...columns.filter((c) => rows.some((r) => typeof r.flat[c] === 'number')).map((c) => ({ key: `param:${c}` as const, label: c })),
    ...view.metrics.map((m) => ({ key: `metric:${m}` as const, label: m })),
  ];
  const canAct = atLeast(sweep.project.viewerRole as RoleName, 'MEMBER');
  const picked = rows.filter((r) => view.compare.includes(r.trial.id));
  const top = trials[0];
  const bestId = sweep.bestTrial?.id ?? (top && top.objective !== null ? top.id : undefined);
  const details = trialCountDetails(sweep.trialCounts);
  // Second round trip: the curves need the metric name the first one returned.
  // Trials picked to compare may rank below the best CURVES, so then all the leaderboard's curves come.
  const extra = await tryGql<SweepCurvesQuery, SweepCurvesQueryVariables>(CURVES_QUERY, {
    id, keys: sweep.metricName ? [sweep.metricName] : [], first: picked.length > 0 ? LEADERBOARD_SIZE : CURVES, decisions: DECISIONS,
  });
  const allCurves = extra.ok && extra.data.sweep
    ? extra.data.sweep.trials.edges.map(({ node }) => ({ id: node.id, number: node.number, status: node.status, points: node.metrics[0]?.points ?? [] })).filter((c) => c.points.length > 0)
    : [];
  const curves = allCurves.slice(0, CURVES);
  const decisions = extra.ok && extra.data.sweep ? extra.data.sweep.decisions.map((d) => ({ ...d, ...readDecision(d.data) })) : [];
  const importance = extra.ok && extra.data.sweep ? extra.data.sweep.parameterImportance : [];
  const history = extra.ok && extra.data.sweep
    ? extra.data.sweep.history.edges.flatMap(({ node }) => (node.objective === null ? [] : [{ number: node.number, status: node.status, objective: node.objective }]))
    : [];
  // The Pareto scatter plots up to the first 1,000 trials (the leaderboard holds 100).
  const scattered = extra.ok && extra.data.sweep ? extra.data.sweep.history.edges.map(({ node }) => node) : nodes;
  const compareCurves = picked.flatMap(({ trial }) => allCurves.filter((c) => c.id === trial.id));
  const slices = slicePanels(columns, rows.map(({ trial, flat }) => ({ ...trial, flat })), logScaleParamsOf(sweep.config));
  const differing = columns.filter((c) => new Set(picked.map((r) => JSON.stringify(r.flat[c]))).size > 1);

  return (
    <>
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
        <BudgetMeters meters={budgetMeters(sweep.spend, sweep.budget)} />
      </div>

      {objectives ? (
        <section className="section" aria-labelledby="pareto-heading">
          <h2 id="pareto-heading">
            Pareto front<small>completed trials no other beats on every objective ({objectives.map((o) => `${o.goal} ${o.name}`).join(', ')}); the leaderboard below is ordered by Pareto rank, then crowding</small>
          </h2>
          <ParetoFront objectives={objectives} front={sweep.paretoFront} trials={scattered} />
        </section>
      ) : null}

      <section className="section">
        <h2>
          Leaderboard
          <small>
            {sweep.trials.pageInfo.hasNextPage
              ? `best ${trials.length} of ${sweep.trials.totalCount} trials`
              : `${sweep.trials.totalCount} trials`}
            {view.statuses.length > 0 || view.ranges.length > 0 ? ` · showing ${shown.length}${view.statuses.length > 0 ? ` ${view.statuses.map((st) => st.toLowerCase()).join(' or ')}` : ''}${view.ranges.length > 0 ? ' in range' : ''}` : ''}
            {tagFilter ? ` · tagged ${tagFilter} (` : ''}
            {tagFilter ? <Link href={base}>all</Link> : null}
            {tagFilter ? ')' : ''}
          </small>
        </h2>
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
        <LeaderboardControls base={base} view={view} tag={tagFilter} rangeKeys={rangeKeys} metricKeys={sweep.metricKeys} />
        {shown.length === 0 ? (
          <div className="empty">{rows.length === 0 ? 'No trials yet.' : 'No trials match these filters.'}</div>
        ) : (
          <LeaderboardTable base={base} view={view} tag={tagFilter} rows={shown} columns={columns} metricLabel={sweep.metricName ?? 'Objective'} bestId={bestId} now={now} />
        )}
      </section>

      {picked.length > 0 ? (
        <section className="section" aria-labelledby="compare-heading">
          <h2 id="compare-heading">
            Comparison<small>{picked.map((r) => `#${r.trial.number}`).join(', ')} · <Link href={`${base}${viewQuery({ ...view, compare: [] })}`}>clear</Link></small>
          </h2>
          {sweep.metricName ? <CurvesChart metric={sweep.metricName} curves={compareCurves} which="the compared trials" /> : null}
          <div className="table-wrap">
            <table className="data compare">
              <thead>
                <tr>
                  <th>Parameter</th>
                  {picked.map((r) => (
                    <th key={r.trial.id} className="num">
                      #{r.trial.number}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>{sweep.metricName ?? 'objective'}</td>
                  {picked.map((r) => (
                    <td key={r.trial.id} className="num mono">
                      {formatObjective(r.trial.objective)}
                    </td>
                  ))}
                </tr>
                {(differing.length > 0 ? differing : columns).map((c) => (
                  <tr key={c}>
                    <td className="mono">{c}</td>
                    {picked.map((r) => (
                      <td key={r.trial.id} className="num mono">
                        {formatParamValue(r.flat[c])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{differing.length === 1 ? "The parameter in which they differ." : differing.length > 1 ? `The ${differing.length} parameters in which they differ.` : 'They share every parameter.'}</p>
        </section>
      ) : null}

      {sweep.metricName ? (
        <section className="section">
          <h2>
            Curves<small>{sweep.metricName} of the best {CURVES} trials</small>
          </h2>
          <CurvesChart metric={sweep.metricName} curves={curves} />
        </section>
      ) : null}

      {sweep.metricName && history.length > 0 ? (
        <section className="section">
          <h2>
            History<small>{sweep.metricName} of each trial by number, and the best so far</small>
          </h2>
          <ObjectiveHistory points={history} goal={sweep.metricGoal} metric={sweep.metricName} />
        </section>
      ) : null}

      {sweep.metricName ? (
        <section className="section">
          <h2>
            Parallel coordinates<small>each line a trial, warmer and stronger the better its {sweep.metricName}; drag along an axis to brush</small>
          </h2>
          <ParallelCoordinates
            columns={columns}
            trials={rows.map(({ trial, flat }) => ({ id: trial.id, number: trial.number, status: trial.status, flat, objective: trial.objective }))}
            objectiveName={sweep.metricName}
            maximize={isMaximize(sweep.metricGoal)}
          />
        </section>
      ) : null}

      {sweep.metricName && columns.length > 0 ? (
        <section className="section" aria-labelledby="slices-heading">
          <h2 id="slices-heading">
            Slices<small>{sweep.metricName} against each parameter&apos;s value, one chart per parameter</small>
          </h2>
          <SlicePlots panels={slices} metric={sweep.metricName} />
        </section>
      ) : null}

      {sweep.metricName && importance.length > 0 ? (
        <section className="section">
          <h2>
            Parameter importance<small>each parameter&apos;s share of the variance of {sweep.metricName} over completed trials (fANOVA main effects, fitted by the GP)</small>
          </h2>
          <ImportanceBars shares={importance} metric={sweep.metricName} />
        </section>
      ) : null}

      {trials.some((t) => t.parentTrialId) ? (
        <section className="section">
          <h2>
            Lineage<small>each trial under the one whose checkpoint it continued</small>
          </h2>
          <Lineage trials={trials} />
        </section>
      ) : null}

      {decisions.length > 0 ? (
        <section className="section">
          <h2>
            Early-stopping decisions<small>newest first, with the evidence each was taken on</small>
          </h2>
          <table className="data events decisions">
            <tbody>
              {decisions.map((d) => (
                <tr key={d.id}>
                  <td>
                    <DateTime iso={d.createdAt} />
                  </td>
                  <td className="num">
                    <Link href={`/trials/${encodeURIComponent(d.trialId)}`}>#{d.trialNumber}</Link>
                  </td>
                  <td className="mono">{d.decision ?? 'decision'}</td>
                  <td className="event-data">{d.evidence ? describeStop(d.evidence) : JSON.stringify(d.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="section" aria-labelledby="sweep-notes-heading">
        <h2 id="sweep-notes-heading">Notes and tags</h2>
        {canAct ? (
          <AnnotationForm id={sweep.id} notes={sweep.notes} tags={sweep.tags} action={annotateSweepAction} what="sweep" />
        ) : sweep.notes || sweep.tags.length > 0 ? (
          <>
            <p>{sweep.tags.map((t) => <span key={t} className="tag">{t}</span>)}</p>
            <p className="notes-text">{sweep.notes}</p>
          </>
        ) : (
          <div className="empty">No notes.</div>
        )}
      </section>

      <section className="section">
        <h2>Config</h2>
        <pre className="config" tabIndex={0} role="region" aria-label="sweep config">{readableConfig(sweep.config)}</pre>
      </section>
    </>
  );
}
