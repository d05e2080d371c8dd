'use client';

import { useId } from 'react';
import { MAX_SMOOTHING } from '@/lib/smoothing';

/** The y-axis scale switch and, for curves, the smoothing slider: plain form controls, keyboard-reachable. */
export function ChartControls({ logY, onLogY, logAllowed, smoothing, onSmoothing }: {
  logY: boolean;
  onLogY: (log: boolean) => void;
  logAllowed: boolean;
  smoothing?: number;
  onSmoothing?: (weight: number) => void;
}) {
  const id = useId();
  return (
    <div className="chart-controls">
      <label title={logAllowed ? undefined : 'a log scale needs every value above zero'}>
        <input type="checkbox" checked={logY && logAllowed} disabled={!logAllowed} onChange={(e) => onLogY(e.target.checked)} /> log scale
      </label>
      {onSmoothing && smoothing !== undefined ? (
        <label htmlFor={`${id}-smoothing`}>
          smoothing{' '}
          <input id={`${id}-smoothing`} type="range" min={0} max={MAX_SMOOTHING} step={0.01} value={smoothing} onChange={(e) => onSmoothing(Number(e.target.value))} />{' '}
          <output htmlFor={`${id}-smoothing`} className="mono">{smoothing.toFixed(2)}</output>
        </label>
      ) : null}
    </div>
  );
}
