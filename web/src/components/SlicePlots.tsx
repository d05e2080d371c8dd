'use client';

import { useMemo } from 'react';
import { sliceOption, type SlicePanel } from '@/lib/slices';
import { EChart } from './EChart';
import { useColorScheme } from './useColorScheme';

function Slice({ panel, metric }: { panel: SlicePanel; metric: string }) {
  const theme = useColorScheme();
  const option = useMemo(() => sliceOption(panel, metric, theme), [panel, metric, theme]);
  return (
    <figure className="chart slice" data-param={panel.param} data-x-scale={panel.axis} data-points={panel.points.length}>
      <figcaption>
        <span className="mono">{panel.param}</span>
        <span className="muted">{panel.axis === 'log' ? 'log scale · ' : ''}{panel.points.length} trials</span>
      </figcaption>
      <EChart option={option} label={`${metric} against ${panel.param}`} height={200} />
    </figure>
  );
}

/** The objective against each parameter's value, one small chart per parameter; hover names the trial. */
export function SlicePlots({ panels, metric }: { panels: SlicePanel[]; metric: string }) {
  if (panels.length === 0 || panels.every((p) => p.points.length === 0)) return <div className="empty">Slice plots appear once a trial has a result.</div>;
  return (
    <div className="charts slices">
      {panels.map((panel) => (
        <Slice key={panel.param} panel={panel} metric={metric} />
      ))}
    </div>
  );
}
