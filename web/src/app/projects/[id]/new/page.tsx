import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageLoadError } from '@/components/PageLoadError';
import type { ProjectForNewSweepQuery, ProjectForNewSweepQueryVariables } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';
import { atLeast, type RoleName } from '@/lib/roles';
import { SWEEP_TEMPLATES } from '@/lib/sweep-templates';
import { SweepEditor } from './SweepEditor';

export const metadata: Metadata = { title: 'New sweep' };

const PROJECT_QUERY = /* GraphQL */ `
  query ProjectForNewSweep($id: ID!) {
    project(id: $id) {
      id
      name
      viewerRole
    }
  }
`;

export default async function NewSweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await tryGql<ProjectForNewSweepQuery, ProjectForNewSweepQueryVariables>(PROJECT_QUERY, { id });
  if (!result.ok) return <PageLoadError title="New sweep" error={result.error} retryHref={`/projects/${encodeURIComponent(id)}/new`} />;
  const project = result.data.project;
  if (!project) notFound();
  return (
    <>
      <div className="page-header">
        <div className="breadcrumb">
          <Link href="/">Projects</Link> / <Link href={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link> / new sweep
        </div>
        <h1>New sweep</h1>
        <p className="muted">Start from a template or paste a W&amp;B sweep YAML; problems are marked at their line as you type.</p>
      </div>
      {atLeast(project.viewerRole as RoleName, 'MEMBER') ? (
        <SweepEditor projectId={project.id} templates={SWEEP_TEMPLATES} />
      ) : (
        <div className="notice">Your role in this organization ({project.viewerRole.toLowerCase()}) cannot create sweeps; ask an admin to make you a member.</div>
      )}
    </>
  );
}
