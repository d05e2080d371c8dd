'use client';

import { useMemo, useState } from 'react';
import { historyOption, type HistoryTrial } from '@/lib/objective-history';
import { ChartControls } from './ChartControls';
import { EChart } from './EChart';
import { useColorScheme } from './useColorScheme';

/** Every finished trial's objective by trial number (dots; each names its trial on hover) and the best so far (a step line). */
export function ObjectiveHistory({ points, goal, metric }: { points: HistoryTrial[]; goal: string | null | undefined; metric: string }) {
  const theme = useColorScheme();
  const [logY, setLogY] = useState(false);
  const logAllowed = points.length > 0 && points.every((p) => !Number.isFinite(p.objective) || p.objective > 0);
  const log = logY && logAllowed;
  const option = useMemo(() => historyOption(points, goal, metric, log, theme), [points, goal, metric, log, theme]);
  if (!option) return <div className="empty">No {metric} reported yet.</div>;
  return (
    <figure className="chart curves history" data-y-scale={log ? 'log' : 'linear'} data-points={points.length}>
      <ChartControls logY={log} onLogY={setLogY} logAllowed={logAllowed} />
      <EChart option={option} label={`${metric} by trial number, with the best so far`} height={260} />
    </figure>
  );
}
