import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ApiErrorNotice } from '@/components/ApiErrorNotice';
import { LiveUpdates } from '@/components/LiveUpdates';
import { DateTime } from '@/components/DateTime';
import { PageLoadError } from '@/components/PageLoadError';
import { MetricChart } from '@/components/MetricChart';
import { StatusBadge } from '@/components/StatusBadge';
import { infeasibleWords } from '@/lib/infeasible';
import { StopTrialButton } from '@/components/StopTrialButton';
import { DecisionCohort } from '@/components/DecisionCohort';
import { decisionStep } from '@/lib/cohort';
import { isMaximize } from '@/lib/leaderboard';
import { AnnotationForm } from '@/components/AnnotationForm';
import { annotateTrialAction } from '@/app/annotations';
import { atLeast, type RoleName } from '@/lib/roles';
import { chartOrder } from '@/lib/chart';
import { describeStop, readDecision } from '@/lib/decisions';
import { formatMetric, formatObjective, formatParamValue, MISSING } from '@/lib/format';
import type { TrialDetailQuery, TrialDetailQueryVariables, TrialMetricsQuery, TrialMetricsQueryVariables } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';
import { flattenParams } from '@/lib/params';

const LIVE = new Set(['QUEUED', 'RUNNING']);
const REFRESH_INTERVAL_MS = 5000;
const LOG_LINES = 200;

const TRIAL_QUERY = /* GraphQL */ `
  query TrialDetail($id: ID!, $logLines: Int!) {
    trial(id: $id) {
      id
      number
      status
      infeasible {
        reason
        evidence
      }
      attempt
      agentId
      params
      objective
      error
      createdAt
      startedAt
      finishedAt
      parentTrialId
      restoreStep
      notes
      tags
      sweep {
        id
        name
        metricName
        metricGoal
        project {
          id
          name
          viewerRole
        }
      }
      metricKeys {
        key
        points
      }
      events {
        id
        type
        createdAt
        data
      }
      logs(last: $logLines)
    }
  }
`;

/** The charted series, read once the page knows which to show. */
const METRICS_QUERY = /* GraphQL */ `
  query TrialMetrics($id: ID!, $keys: [String!]!) {
    trial(id: $id) {
      metrics(keys: $keys) {
        key
        points(maxPoints: 400) {
          step
          value
        }
      }
    }
  }
`;

/** Charts on one page: a trial may report up to a thousand series; a filter finds the rest. */
const MAX_CHARTS = 48;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const loadTrial = cache((id: string) => tryGql<TrialDetailQuery, TrialDetailQueryVariables>(TRIAL_QUERY, { id, logLines: LOG_LINES }));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await loadTrial((await params).id);
  return { title: result.ok && result.data.trial ? `Trial #${result.data.trial.number}` : 'Trial' };
}

/** One line per event: what happened and its details (a stop decision shows its evidence). */
function describeEvent(data: Record<string, unknown>): string {
  const entries = Object.entries(data).filter(([, v]) => v !== null && v !== undefined);
  return entries.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');
}

export default async function TrialPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { q } = await searchParams;
  const filter = typeof q === 'string' ? q.trim() : '';
  const result = await loadTrial(id);
  if (!result.ok) return <PageLoadError title="Trial" error={result.error} retryHref={`/trials/${encodeURIComponent(id)}`} />;
  const trial = result.data.trial;
  if (!trial) notFound();
  const { sweep } = trial;
  const stored = new Map(trial.metricKeys.map((k) => [k.key, k.points]));
  const matching = chartOrder([...stored.keys()], sweep.metricName).filter((k) => filter === '' || k.includes(filter));
  const keys = matching.slice(0, MAX_CHARTS);
  const read = keys.length === 0 ? null : await tryGql<TrialMetricsQuery, TrialMetricsQueryVariables>(METRICS_QUERY, { id, keys });
  const byKey = new Map((read?.ok ? (read.data.trial?.metrics ?? []) : []).map((s) => [s.key, s]));
  // A pruned trial did nothing wrong: its stop is told in words from the decision's evidence, not as an error.
  const stopDecision = trial.status === 'PRUNED'
    ? trial.events.map((e) => readDecision(e.data)).find((d): d is { decision: string | undefined; evidence: NonNullable<ReturnType<typeof readDecision>['evidence']> } => d.evidence !== undefined)
    : undefined;
  // The step to draw the trial against its cohort at: the decision's, or (stopped by a person) its last report.
  const ownPoints = sweep.metricName ? (byKey.get(sweep.metricName)?.points ?? []) : [];
  const cohortStep = stopDecision ? decisionStep(stopDecision.evidence) : trial.status === 'STOPPED' ? ownPoints[ownPoints.length - 1]?.step : undefined;
  const paramRows = Object.entries(flattenParams(trial.params)).sort(([a], [b]) => (a < b ? -1 : 1));

  return (
    <>
      <div className="page-header">
        <div className="breadcrumb">
          <Link href="/">Projects</Link> / <Link href={`/projects/${encodeURIComponent(sweep.project.id)}`}>{sweep.project.name}</Link> /{' '}
          <Link href={`/sweeps/${encodeURIComponent(sweep.id)}`}>{sweep.name}</Link> / trial
        </div>
        <h1>
          Trial #{trial.number} <StatusBadge status={trial.status} reason={infeasibleWords(trial.infeasible, { evidence: true })} />
          {LIVE.has(trial.status) ? <LiveUpdates sweepId={sweep.id} trialId={trial.id} fallbackMs={REFRESH_INTERVAL_MS} /> : null}
        </h1>
        {LIVE.has(trial.status) && atLeast(sweep.project.viewerRole as RoleName, 'MEMBER') ? (
          <StopTrialButton id={trial.id} running={trial.status === 'RUNNING'} />
        ) : null}
        <dl className="meta">
          <div>
            <dt>{formatMetric(sweep.metricName, sweep.metricGoal)}</dt>
            <dd>{formatObjective(trial.objective)}</dd>
          </div>
          <div>
            <dt>Attempt</dt>
            <dd>{trial.attempt}</dd>
          </div>
          <div>
            <dt>Agent</dt>
            <dd>{trial.agentId ?? MISSING}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <DateTime iso={trial.startedAt} />
            </dd>
          </div>
          <div>
            <dt>Finished</dt>
            <dd>
              <DateTime iso={trial.finishedAt} />
            </dd>
          </div>
          {trial.parentTrialId ? (
            <div>
              <dt>Continued from</dt>
              <dd>
                <Link href={`/trials/${encodeURIComponent(trial.parentTrialId)}`}>parent trial</Link>
                {trial.restoreStep !== null ? ` at step ${trial.restoreStep}` : ''}
              </dd>
            </div>
          ) : null}
        </dl>
        {stopDecision ? (
          <div className="notice" role="status">
            <strong>Stopped early{stopDecision.decision ? ` (${stopDecision.decision})` : ''}:</strong> {describeStop(stopDecision.evidence)}
          </div>
        ) : trial.error && (trial.status === 'STOPPED' || trial.status === 'PRUNED') ? (
          <div className="notice" role="status">
            {trial.error}
          </div>
        ) : trial.error ? (
          <pre className="config error-text" tabIndex={0} role="region" aria-label="trial error">{trial.error}</pre>
        ) : null}
      </div>

      <section className="section">
        <h2>
          Metrics
          <small>
            {stored.size === 0
              ? 'nothing reported yet'
              : matching.length > keys.length
                ? `${keys.length} of ${matching.length} series${filter ? ` matching “${filter}”` : ''}`
                : `${keys.length} series${filter ? ` matching “${filter}”` : ''}`}
          </small>
        </h2>
        {stored.size > MAX_CHARTS || filter ? (
          <form method="get" className="series-filter" aria-label="Filter series">
            <label className="inline-field">
              Series containing <input type="text" name="q" defaultValue={filter} autoComplete="off" />
            </label>
            <button type="submit" className="button ghost">
              Filter
            </button>
          </form>
        ) : null}
        {read && !read.ok ? <ApiErrorNotice error={read.error} retryHref={`/trials/${encodeURIComponent(id)}`} /> : null}
        <div className="charts">
          {keys.flatMap((k) => {
            const series = byKey.get(k);
            return series ? [<MetricChart key={k} series={series} stored={stored.get(k) ?? series.points.length} highlight={k === sweep.metricName} />] : [];
          })}
        </div>
      </section>

      {sweep.metricName && cohortStep !== undefined && ownPoints.length > 0 ? (
        <section className="section" aria-labelledby="cohort-heading">
          <h2 id="cohort-heading">
            Against its cohort<small>{sweep.metricName} of this trial (strong) and the sweep&apos;s best trials (faint), at the step it was {stopDecision ? 'judged' : 'stopped'}</small>
          </h2>
          <DecisionCohort
            trial={trial}
            metric={sweep.metricName}
            maximize={isMaximize(sweep.metricGoal)}
            points={ownPoints}
            step={cohortStep}
            label={stopDecision ? `decision at step ${cohortStep}` : `stopped at step ${cohortStep}`}
          />
        </section>
      ) : null}

      <section className="section" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes and tags</h2>
        {atLeast(sweep.project.viewerRole as RoleName, 'MEMBER') ? (
          <AnnotationForm id={trial.id} notes={trial.notes} tags={trial.tags} action={annotateTrialAction} what="trial" />
        ) : trial.notes || trial.tags.length > 0 ? (
          <>
            <p>{trial.tags.map((t) => <span key={t} className="tag">{t}</span>)}</p>
            <p className="notes-text">{trial.notes}</p>
          </>
        ) : (
          <div className="empty">No notes.</div>
        )}
      </section>

      <section className="section">
        <h2>Parameters</h2>
        <table className="data params">
          <tbody>
            {paramRows.map(([name, value]) => (
              <tr key={name}>
                <th className="param">{name}</th>
                <td className="mono">{formatParamValue(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="section">
        <h2>
          Events<small>lifecycle, checkpoints, stop decisions with their evidence, trainer facts</small>
        </h2>
        {trial.events.length === 0 ? (
          <div className="empty">No events yet.</div>
        ) : (
          <table className="data events">
            <tbody>
              {trial.events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <DateTime iso={e.createdAt} />
                  </td>
                  <td className="mono">{e.type}</td>
                  <td className="mono event-data">{readDecision(e.data).evidence ? describeStop(readDecision(e.data).evidence!) : describeEvent(e.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="section">
        <h2>
          Log<small>last {LOG_LINES} lines</small>
        </h2>
        {trial.logs.length === 0 ? <div className="empty">No output.</div> : <pre className="config log" tabIndex={0} role="region" aria-label="trial log">{trial.logs.join('\n')}</pre>}
      </section>
    </>
  );
}
