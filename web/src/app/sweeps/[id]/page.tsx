import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AutoRefresh } from '@/components/AutoRefresh';
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
import { flattenParams, paramColumns } from '@/lib/params';

/** How many trials the leaderboard shows (the best ones). */
const LEADERBOARD_SIZE = 100;
/** Statuses during which trials can still change, so the page polls. */
const LIVE_STATUSES: ReadonlySet<SweepStatus> = new Set(['PENDING', 'RUNNING']);
const REFRESH_INTERVAL_MS = 5000;

const SWEEP_QUERY = /* GraphQL */ `
  query SweepLeaderboard($id: ID!, $first: Int!) {
    sweep(id: $id) {
      ...SweepSummary
      project {
        id
        name
      }
      config
      trials(first: $first, orderBy: OBJECTIVE) {
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
            params
            objective
            createdAt
            startedAt
            finishedAt
            parentTrialId
            restoreStep
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
            metrics(keys: $keys) {
              key
              points {
                step
                value
              }
            }
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

type Props = { params: Promise<{ id: string }> };

/** One API call per request, shared by generateMetadata and the page. */
const loadSweep = cache((id: string) =>
  tryGql<SweepLeaderboardQuery, SweepLeaderboardQueryVariables>(SWEEP_QUERY, { id, first: LEADERBOARD_SIZE }),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await loadSweep((await params).id);
  return { title: result.ok && result.data.sweep ? result.data.sweep.name : 'Sweep' };
}

export default async function SweepPage({ params }: Props) {
  const { id } = await params;
  const result = await loadSweep(id);
  if (!result.ok) return <PageLoadError title="Sweep" error={result.error} retryHref={`/sweeps/${encodeURIComponent(id)}`} />;
  const sweep = result.data.sweep;
  if (!sweep) notFound();

  const live = LIVE_STATUSES.has(sweep.status);
  const trials = rankTrials(
    sweep.trials.edges.map((edge) => edge.node),
    sweep.metricGoal,
  );
  const rows = trials.map((trial) => ({ trial, flat: flattenParams(trial.params) }));
  const columns = paramColumns(rows.map((row) => row.flat));
  const top = trials[0];
  const bestId = sweep.bestTrial?.id ?? (top && top.objective !== null ? top.id : undefined);
  const details = trialCountDetails(sweep.trialCounts);
  // Second round trip: the curves need the metric name the first one returned.
  const extra = await tryGql<SweepCurvesQuery, SweepCurvesQueryVariables>(CURVES_QUERY, { id, keys: sweep.metricName ? [sweep.metricName] : [], first: CURVES, decisions: DECISIONS });
  const curves = extra.ok && extra.data.sweep
    ? extra.data.sweep.trials.edges.map(({ node }) => ({ id: node.id, number: node.number, points: node.metrics[0]?.points ?? [] })).filter((c) => c.points.length > 0)
    : [];
  const decisions = extra.ok && extra.data.sweep ? extra.data.sweep.decisions.map((d) => ({ ...d, ...readDecision(d.data) })) : [];

  return (
    <>
      <div className="page-header">
        <div className="breadcrumb">
          <Link href="/">Projects</Link> /{' '}
          <Link href={`/projects/${encodeURIComponent(sweep.project.id)}`}>{sweep.project.name}</Link> / sweep
        </div>
        <h1>
          {sweep.name} <StatusBadge status={sweep.status} />
          {live ? <AutoRefresh intervalMs={REFRESH_INTERVAL_MS} /> : null}
        </h1>
        <dl className="meta">
          <div>
            <dt>Method</dt>
            <dd>{sweep.method}</dd>
          </div>
          <div>
            <dt>Metric</dt>
            <dd>{formatMetric(sweep.metricName, sweep.metricGoal)}</dd>
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
        </dl>
      </div>

      <section className="section">
        <h2>
          Leaderboard
          <small>
            {sweep.trials.pageInfo.hasNextPage
              ? `best ${trials.length} of ${sweep.trials.totalCount} trials`
              : `${sweep.trials.totalCount} trials`}
          </small>
        </h2>
        {rows.length === 0 ? (
          <div className="empty">No trials yet.</div>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Status</th>
                  <th className="num">{sweep.metricName ?? 'Objective'}</th>
                  {columns.map((column) => (
                    <th key={column} className="param">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(({ trial, flat }) => (
                  <tr key={trial.id} className={trial.id === bestId ? 'best' : undefined}>
                    <td className="num">
                      <Link href={`/trials/${encodeURIComponent(trial.id)}`}>{trial.number}</Link>
                    </td>
                    <td>
                      <StatusBadge status={trial.status} />
                    </td>
                    <td className="num mono">{formatObjective(trial.objective)}</td>
                    {columns.map((column) => {
                      const text = formatParamValue(flat[column]);
                      return (
                        <td key={column} className="param" title={text}>
                          {text}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {sweep.metricName ? (
        <section className="section">
          <h2>
            Curves<small>{sweep.metricName} of the best {CURVES} trials</small>
          </h2>
          <CurvesChart metric={sweep.metricName} curves={curves} />
        </section>
      ) : null}

      {sweep.metricName ? (
        <section className="section">
          <h2>
            Parallel coordinates<small>each line a trial, warmer and darker the better its {sweep.metricName}</small>
          </h2>
          <ParallelCoordinates
            columns={columns}
            trials={rows.map(({ trial, flat }) => ({ id: trial.id, number: trial.number, flat, objective: trial.objective }))}
            objectiveName={sweep.metricName}
            maximize={isMaximize(sweep.metricGoal)}
          />
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

      <section className="section">
        <h2>Config</h2>
        <pre className="config">{readableConfig(sweep.config)}</pre>
      </section>
    </>
  );
}
