import type { Metadata } from 'next';
import Link from 'next/link';
import { atLeast, type RoleName } from '@/lib/roles';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { DateTime } from '@/components/DateTime';
import { PageLoadError } from '@/components/PageLoadError';
import { StatusBadge } from '@/components/StatusBadge';
import { formatMetric, formatObjective, trialCountDetails } from '@/lib/format';
import { SWEEP_SUMMARY_FRAGMENT } from '@/lib/fragments';
import type { ProjectQuery, ProjectQueryVariables } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';

const PROJECT_QUERY = /* GraphQL */ `
  query Project($id: ID!) {
    project(id: $id) {
      id
      name
      createdAt
      viewerRole
      sweeps {
        ...SweepSummary
      }
    }
  }
  ${SWEEP_SUMMARY_FRAGMENT}
`;

type Props = { params: Promise<{ id: string }> };

/** One API call per request, shared by generateMetadata and the page. */
const loadProject = cache((id: string) => tryGql<ProjectQuery, ProjectQueryVariables>(PROJECT_QUERY, { id }));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await loadProject((await params).id);
  return { title: result.ok && result.data.project ? result.data.project.name : 'Project' };
}

export default async function ProjectPage({ params }: Props) {
  const { id } = await params;
  const result = await loadProject(id);
  if (!result.ok) return <PageLoadError title="Project" error={result.error} retryHref={`/projects/${encodeURIComponent(id)}`} />;
  const project = result.data.project;
  if (!project) notFound();

  return (
    <>
      <div className="page-header">
        <div className="breadcrumb">
          <Link href="/">Projects</Link> /
        </div>
        <h1>{project.name}</h1>
        {atLeast(project.viewerRole as RoleName, 'MEMBER') ? (
          <Link href={`/projects/${encodeURIComponent(project.id)}/new`} className="button new-sweep">
            New sweep
          </Link>
        ) : null}
        <dl className="meta">
          <div>
            <dt>Created</dt>
            <dd>
              <DateTime iso={project.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Sweeps</dt>
            <dd>{project.sweeps.length}</dd>
          </div>
        </dl>
      </div>

      <section className="section">
        <h2>Sweeps</h2>
        {project.sweeps.length === 0 ? (
          <div className="empty">This project has no sweeps yet.</div>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th>Method</th>
                  <th>Metric</th>
                  <th className="num">Trials</th>
                  <th className="num">Best</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {project.sweeps.map((sweep) => {
                  const details = trialCountDetails(sweep.trialCounts);
                  return (
                    <tr key={sweep.id}>
                      <td>
                        <Link href={`/sweeps/${encodeURIComponent(sweep.id)}`}>{sweep.name}</Link>
                        {sweep.tags.map((t) => (
                          <span key={t} className="tag tag-after">
                            {t}
                          </span>
                        ))}
                      </td>
                      <td>
                        <StatusBadge status={sweep.status} />
                      </td>
                      <td>{sweep.method}</td>
                      <td className="mono">{formatMetric(sweep.metricName, sweep.metricGoal)}</td>
                      <td className="num" title="completed / total">
                        {sweep.trialCounts.completed} / {sweep.trialCounts.total}
                        {details ? <span className="sub">{details}</span> : null}
                      </td>
                      <td className="num mono">
                        {formatObjective(sweep.bestTrial?.objective)}
                        {sweep.bestTrial ? <span className="sub">trial #{sweep.bestTrial.number}</span> : null}
                      </td>
                      <td>
                        <DateTime iso={sweep.createdAt} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
