import { CurveMetricPicker } from '@/components/CurveMetricPicker';
import { CurvesChart, type TrialCurve } from '@/components/CurvesChart';
import { ImportanceBars } from '@/components/ImportanceBars';
import { ObjectiveHistory } from '@/components/ObjectiveHistory';
import { ParallelCoordinates } from '@/components/ParallelCoordinates';
import { SlicePlots } from '@/components/SlicePlots';
import type { CurveChoice } from '@/lib/curve-choice';
import { isMaximize } from '@/lib/leaderboard';
import type { LeaderboardView } from '@/lib/leaderboard-view';
import type { HistoryTrial } from '@/lib/objective-history';
import { logScaleParamsOf, slicePanels } from '@/lib/slices';

interface ChartedRow {
  trial: { id: string; number: number; status: string; objective: number | null };
  /** Params by dotted name. */
  flat: Record<string, unknown>;
}

interface Props {
  /** The sweep metric; without one there is nothing to chart. */
  metricName: string | null;
  metricGoal: string | null;
  /** The sweep's config text (slices read which parameters it samples on a log scale). */
  config: string;
  /** The leaderboard's rows and parameter columns. */
  rows: readonly ChartedRow[];
  columns: string[];
  /** The curves of the best `curvesShown` trials, of the series `curve` names. */
  curves: TrialCurve[];
  curve: CurveChoice;
  /** What the series picker needs: the page, its view, and every metric reported. */
  picker: { base: string; view: LeaderboardView; tag: string | null; metricKeys: readonly string[] };
  curvesShown: number;
  history: HistoryTrial[];
  importance: ReadonlyArray<{ name: string; importance: number }>;
}

/** The sections that chart the sweep metric: curves, history, parallel coordinates, slices and parameter importance. */
export function SweepMetricCharts({ metricName, metricGoal, config, rows, columns, curves, curve, picker, curvesShown, history, importance }: Props) {
  if (!metricName) return null;
  const drawn = curve.key ?? metricName;
  return (
    <>
      <section className="section">
        <h2>
          Curves<small>{drawn} of the best {curvesShown} trials{drawn === metricName ? '' : ` by ${metricName}`}</small>
        </h2>
        <CurveMetricPicker {...picker} metricName={metricName} current={drawn} />
        {curve.unknown !== null ? (
          <p className="notice" role="status">No trial of this sweep reported {curve.unknown}; showing {metricName}.</p>
        ) : null}
        <CurvesChart metric={drawn} curves={curves} />
      </section>

      {history.length > 0 ? (
        <section className="section">
          <h2>
            History<small>{metricName} of each trial by number, and the best so far</small>
          </h2>
          <ObjectiveHistory points={history} goal={metricGoal} metric={metricName} />
        </section>
      ) : null}

      <section className="section">
        <h2>
          Parallel coordinates<small>each line a trial, warmer and stronger the better its {metricName}; drag along an axis to brush</small>
        </h2>
        <ParallelCoordinates
          columns={columns}
          trials={rows.map(({ trial, flat }) => ({ id: trial.id, number: trial.number, status: trial.status, flat, objective: trial.objective }))}
          objectiveName={metricName}
          maximize={isMaximize(metricGoal)}
        />
      </section>

      {columns.length > 0 ? (
        <section className="section" aria-labelledby="slices-heading">
          <h2 id="slices-heading">
            Slices<small>{metricName} against each parameter&apos;s value, one chart per parameter</small>
          </h2>
          <SlicePlots panels={slicePanels(columns, rows.map(({ trial, flat }) => ({ ...trial, flat })), logScaleParamsOf(config))} metric={metricName} />
        </section>
      ) : null}

      {importance.length > 0 ? (
        <section className="section">
          <h2>
            Parameter importance<small>each parameter&apos;s share of the variance of {metricName} over completed trials (fANOVA main effects, fitted by the GP)</small>
          </h2>
          <ImportanceBars shares={importance} metric={metricName} />
        </section>
      ) : null}
    </>
  );
}
