import Link from 'next/link';
import { StatusBadge } from '@/components/StatusBadge';
import { formatObjective } from '@/lib/format';
import { lineage, type LineageNode } from '@/lib/lineage';

export interface LineageTrial {
  id: string;
  number: number;
  status: string;
  objective: number | null;
  parentTrialId: string | null;
  restoreStep: number | null;
}

function Branch({ nodes }: { nodes: LineageNode<LineageTrial>[] }) {
  return (
    <ul className="lineage">
      {nodes.map(({ trial, children }) => (
        <li key={trial.id}>
          <Link href={`/trials/${encodeURIComponent(trial.id)}`}>#{trial.number}</Link> <StatusBadge status={trial.status} />{' '}
          <span className="mono">{formatObjective(trial.objective)}</span>
          {trial.restoreStep !== null ? <span className="muted"> · from step {trial.restoreStep}</span> : null}
          {children.length > 0 ? <Branch nodes={children} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** PBT's family tree: each member under the one whose checkpoint it continued (exploit). */
export function Lineage({ trials }: { trials: LineageTrial[] }) {
  return <Branch nodes={lineage(trials)} />;
}
