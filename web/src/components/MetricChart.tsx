'use client';

import { useMemo, useState } from 'react';
import { curvesOption, logScaleAllowed } from '@/lib/curves';
import { formatObjective } from '@/lib/format';
import { ChartControls } from './ChartControls';
import { EChart } from './EChart';
import { useColorScheme } from './useColorScheme';

export interface MetricSeriesView {
  key: string;
  points: { step: number; value: number }[];
}

/**
 * One series of a trial as a small line chart with axes, hover, zoom, a log switch and
 * smoothing; the caption gives its last value and how many points it holds.
 * `stored`: the points the series holds (the API sends at most a few hundred, extremes kept).
 */
export function MetricChart({ series, stored, highlight }: { series: MetricSeriesView; stored: number; highlight: boolean }) {
  const theme = useColorScheme();
  const [logY, setLogY] = useState(false);
  const [smoothing, setSmoothing] = useState(0);
  const curves = useMemo(() => [{ id: series.key, number: 0, points: series.points }], [series]);
  const logAllowed = logScaleAllowed(curves);
  const log = logY && logAllowed;
  const option = useMemo(() => {
    const o = curvesOption(series.key, curves, { logY: log, smoothing, theme });
    // One series: hover reads the value at the step, without a trial number.
    return { ...o, grid: { left: 56, right: 16, top: 24, bottom: 32 }, tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => formatObjective(typeof v === 'number' ? v : null) } };
  }, [series.key, curves, log, smoothing, theme]);
  const finite = series.points.filter((p) => Number.isFinite(p.value));
  const last = finite[finite.length - 1];
  return (
    <figure className={`chart${highlight ? ' chart-main' : ''}`} data-y-scale={log ? 'log' : 'linear'}>
      <figcaption>
        <span className="mono">{series.key}</span>
        <span className="muted">{last ? `last ${formatObjective(last.value)} · ${stored} points` : 'no finite values'}</span>
      </figcaption>
      {last ? (
        <>
          <EChart option={option} label={`${series.key} by step`} height={170} />
          <ChartControls logY={log} onLogY={setLogY} logAllowed={logAllowed} smoothing={smoothing} onSmoothing={setSmoothing} />
        </>
      ) : null}
    </figure>
  );
}
