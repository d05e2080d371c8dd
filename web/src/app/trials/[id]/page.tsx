import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AutoRefresh } from '@/components/AutoRefresh';
import { DateTime } from '@/components/DateTime';
import { PageLoadError } from '@/components/PageLoadError';
import { MetricChart } from '@/components/MetricChart';
import { StatusBadge } from '@/components/StatusBadge';
import { chartOrder } from '@/lib/chart';
import { formatMetric, formatObjective, formatParamValue, MISSING } from '@/lib/format';
import type { TrialDetailQuery, TrialDetailQueryVariables } from '@/lib/generated/graphql';
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
      sweep {
        id
        name
        metricName
        metricGoal
        project {
          id
          name
        }
      }
      metrics {
        key
        points(maxPoints: 400) {
          step
          value
        }
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

type Props = { params: Promise<{ id: string }> };

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

export default async function TrialPage({ params }: Props) {
  const { id } = await params;
  const result = await loadTrial(id);
  if (!result.ok) return <PageLoadError title="Trial" error={result.error} retryHref={`/trials/${encodeURIComponent(id)}`} />;
  const trial = result.data.trial;
  if (!trial) notFound();
  const { sweep } = trial;
  const byKey = new Map(trial.metrics.map((s) => [s.key, s]));
  const keys = chartOrder([...byKey.keys()], sweep.metricName);
  const paramRows = Object.entries(flattenParams(trial.params)).sort(([a], [b]) => (a < b ? -1 : 1));

  return (
    <>
      <div className="page-header">
        <div className="breadcrumb">
          <Link href="/">Projects</Link> / <Link href={`/projects/${encodeURIComponent(sweep.project.id)}`}>{sweep.project.name}</Link> /{' '}
          <Link href={`/sweeps/${encodeURIComponent(sweep.id)}`}>{sweep.name}</Link> / trial
        </div>
        <h1>
          Trial #{trial.number} <StatusBadge status={trial.status} />
          {LIVE.has(trial.status) ? <AutoRefresh intervalMs={REFRESH_INTERVAL_MS} /> : null}
        </h1>
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
        {trial.error ? <pre className="config error-text">{trial.error}</pre> : null}
      </div>

      <section className="section">
        <h2>
          Metrics<small>{keys.length === 0 ? 'nothing reported yet' : `${keys.length} series`}</small>
        </h2>
        <div className="charts">
          {keys.map((k) => (
            <MetricChart key={k} series={byKey.get(k)!} highlight={k === sweep.metricName} />
          ))}
        </div>
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
                  <td className="mono event-data">{describeEvent(e.data)}</td>
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
        {trial.logs.length === 0 ? <div className="empty">No output.</div> : <pre className="config log">{trial.logs.join('\n')}</pre>}
      </section>
    </>
  );
}
