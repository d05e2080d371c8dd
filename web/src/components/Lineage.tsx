import Link from 'next/link';
import { StatusBadge } from '@/components/StatusBadge';
import { formatObjective, formatParamValue } from '@/lib/format';
import { lineage, paramChanges, type LineageNode } from '@/lib/lineage';
import { flattenParams } from '@/lib/params';

export interface LineageTrial {
  id: string;
  number: number;
  status: string;
  objective: number | null;
  parentTrialId: string | null;
  restoreStep: number | null;
  params: unknown;
}

/** What the edge from the parent changed, e.g. "lr 0.01 → 0.012, wd 0.1 → 0.08". */
function EdgeChanges({ parent, child }: { parent: LineageTrial; child: LineageTrial }) {
  const changes = paramChanges(flattenParams(parent.params), flattenParams(child.params));
  if (changes.length === 0) return <span className="muted"> · same parameters</span>;
  return (
    <span className="edge-changes" aria-label={`changed from #${parent.number}`}>
      {' · '}
      {changes.map((c, i) => (
        <span key={c.name} className="mono">
          {i > 0 ? ', ' : ''}
          {c.name} {formatParamValue(c.from)} → {formatParamValue(c.to)}
        </span>
      ))}
    </span>
  );
}

function Branch({ nodes, parent }: { nodes: LineageNode<LineageTrial>[]; parent?: LineageTrial }) {
  return (
    <ul className="lineage">
      {nodes.map(({ trial, children }) => (
        <li key={trial.id}>
          <Link href={`/trials/${encodeURIComponent(trial.id)}`}>#{trial.number}</Link> <StatusBadge status={trial.status} />{' '}
          <span className="mono">{formatObjective(trial.objective)}</span>
          {trial.restoreStep !== null ? <span className="muted"> · from step {trial.restoreStep}</span> : null}
          {parent ? <EdgeChanges parent={parent} child={trial} /> : null}
          {children.length > 0 ? <Branch nodes={children} parent={trial} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** PBT's family tree: each member under the one whose checkpoint it continued (exploit), with what the edge changed. */
export function Lineage({ trials }: { trials: LineageTrial[] }) {
  return <Branch nodes={lineage(trials)} />;
}
