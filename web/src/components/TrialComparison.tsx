import Link from 'next/link';
import { CurvesChart, type TrialCurve } from '@/components/CurvesChart';
import { differenceNote, differingColumns } from '@/lib/compare';
import { formatObjective, formatParamValue } from '@/lib/format';

interface ComparedRow {
  trial: { id: string; number: number; objective: number | null };
  /** Params by dotted name. */
  flat: Record<string, unknown>;
}

interface Props {
  /** The picked rows, in leaderboard order. */
  picked: readonly ComparedRow[];
  /** Every parameter column; only those that differ are listed when any do. */
  columns: readonly string[];
  metricName: string | null;
  /** The series the curves show (the sweep page's pick; the sweep metric by default). */
  curveKey: string | null;
  /** The compared trials' curves of that series. */
  curves: TrialCurve[];
  /** Where "clear" leads: the leaderboard with nothing picked. */
  clearHref: string;
}

/** The picked trials side by side: their curves, objectives and the parameters that tell them apart. */
export function TrialComparison({ picked, columns, metricName, curveKey, curves, clearHref }: Props) {
  const differing = differingColumns(columns, picked);
  return (
    <section className="section" aria-labelledby="compare-heading">
      <h2 id="compare-heading">
        Comparison<small>{picked.map((r) => `#${r.trial.number}`).join(', ')} · <Link href={clearHref}>clear</Link></small>
      </h2>
      {curveKey ? <CurvesChart metric={curveKey} curves={curves} which="the compared trials" /> : null}
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
              <td>{metricName ?? 'objective'}</td>
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
      <p className="muted">{differenceNote(differing.length)}</p>
    </section>
  );
}
