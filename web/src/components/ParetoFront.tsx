import Link from 'next/link';
import { EChart } from './EChart';
import { formatObjective, formatParamValue } from '@/lib/format';
import { flattenParams, paramColumns } from '@/lib/params';
import { paretoScatterOption, type ObjectiveSpec, type ObjectiveTrial } from '@/lib/pareto';

export type FrontTrial = { id: string; number: number; objectives?: ReadonlyArray<number | null> | null; params: Record<string, unknown> };

/** A multi-objective sweep's Pareto front: its trials with each objective, and the first two objectives as a scatter. */
export function ParetoFront({ objectives, front, trials }: { objectives: readonly ObjectiveSpec[]; front: readonly FrontTrial[]; trials: readonly ObjectiveTrial[] }) {
  if (front.length === 0) return <div className="empty">No completed trial has a value for every objective yet.</div>;
  const flat = front.map((t) => flattenParams(t.params));
  const columns = paramColumns(flat);
  return (
    <>
      <EChart label={`${objectives[0]?.name} against ${objectives[1]?.name}, front highlighted`} height={300} option={paretoScatterOption(objectives, trials, new Set(front.map((t) => t.id)))} />
      <div className="table-wrap">
        <table className="data" aria-label="Pareto front">
          <thead>
            <tr>
              <th className="num">#</th>
              {objectives.map((o) => (
                <th key={o.name} className="num">
                  {o.name} {o.goal === 'maximize' ? '↑' : '↓'}
                </th>
              ))}
              {columns.map((c) => (
                <th key={c} className="param">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {front.map((t, i) => (
              <tr key={t.id}>
                <td className="num">
                  <Link href={`/trials/${encodeURIComponent(t.id)}`}>{t.number}</Link>
                </td>
                {objectives.map((o, j) => (
                  <td key={o.name} className="num mono">
                    {formatObjective(t.objectives?.[j] ?? null)}
                  </td>
                ))}
                {columns.map((c) => (
                  <td key={c} className="param">
                    {formatParamValue(flat[i]![c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
