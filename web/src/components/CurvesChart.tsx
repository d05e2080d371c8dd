'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { PALETTES } from '@/lib/chart-theme';
import { curvesOption, logScaleAllowed, type Curve, type CurvesSettings } from '@/lib/curves';
import { ChartControls } from './ChartControls';
import { EChart } from './EChart';
import { useColorScheme } from './useColorScheme';

export type TrialCurve = Curve;

/**
 * The sweep metric of several trials on one chart: real axes, log or linear y, smoothing with the
 * raw points faint, zoom (wheel or drag inside, slider below), hover naming each trial; a legend
 * links to each trial. `focusId`/`marker`/`dots` draw one trial against its cohort.
 */
export function CurvesChart({ metric, curves, which = 'the best trials', focusId, marker, dots, height = 300 }: {
  metric: string;
  curves: TrialCurve[];
  which?: string;
  focusId?: string;
  marker?: CurvesSettings['marker'];
  dots?: CurvesSettings['dots'];
  height?: number;
}) {
  const theme = useColorScheme();
  const [logY, setLogY] = useState(false);
  const [smoothing, setSmoothing] = useState(0);
  const logAllowed = logScaleAllowed(curves);
  const log = logY && logAllowed;
  const option = useMemo(
    () => curvesOption(metric, curves, { logY: log, smoothing, theme, slider: true, focusId, marker, dots }),
    [metric, curves, log, smoothing, theme, focusId, marker, dots],
  );
  if (curves.every((c) => c.points.length === 0)) return <div className="empty">No {metric} reported yet.</div>;
  const palette = PALETTES[theme];
  const colour = (c: Curve, i: number) => (focusId === undefined ? palette.series[i % palette.series.length] : c.id === focusId ? palette.focus : palette.faint);
  return (
    <figure className="chart curves" data-y-scale={log ? 'log' : 'linear'} data-series={curves.length} data-smoothing={smoothing}>
      <ChartControls logY={log} onLogY={setLogY} logAllowed={logAllowed} smoothing={smoothing} onSmoothing={setSmoothing} />
      <EChart option={option} label={`${metric} of ${which} by step`} height={height} />
      <figcaption className="legend">
        {curves.map((c, i) => (
          <Link key={c.id} href={`/trials/${encodeURIComponent(c.id)}`} className={c.id === focusId ? 'legend-focus' : undefined}>
            <span className="swatch" style={{ background: colour(c, i) }} />#{c.number}
          </Link>
        ))}
      </figcaption>
    </figure>
  );
}
