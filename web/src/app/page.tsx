import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiErrorNotice } from '@/components/ApiErrorNotice';
import { DateTime } from '@/components/DateTime';
import { pluralize } from '@/lib/format';
import { tryGql } from '@/lib/graphql';
import type { ProjectsQuery } from '@/lib/generated/graphql';

// The title template of the root layout only applies to nested segments.
export const metadata: Metadata = { title: { absolute: 'Projects · Anneal' } };

const PROJECTS_QUERY = /* GraphQL */ `
  query Projects {
    projects {
      id
      name
      createdAt
      sweeps {
        id
        status
      }
    }
  }
`;

export default async function ProjectsPage() {
  const result = await tryGql<ProjectsQuery>(PROJECTS_QUERY);

  return (
    <>
      <div className="page-header">
        <h1>Projects</h1>
      </div>
      {!result.ok ? (
        <ApiErrorNotice error={result.error} retryHref="/" />
      ) : result.data.projects.length === 0 ? (
        <div className="empty">No projects yet.</div>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th className="num">Sweeps</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {result.data.projects.map((project) => {
                const running = project.sweeps.filter((sweep) => sweep.status === 'RUNNING').length;
                return (
                  <tr key={project.id}>
                    <td>
                      <Link href={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link>
                    </td>
                    <td className="num">
                      {project.sweeps.length}
                      {running > 0 ? <span className="sub">{running} running</span> : null}
                    </td>
                    <td>
                      <DateTime iso={project.createdAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {result.ok && result.data.projects.length > 0 ? (
        <p className="muted">{pluralize(result.data.projects.length, 'project')}</p>
      ) : null}
    </>
  );
}
