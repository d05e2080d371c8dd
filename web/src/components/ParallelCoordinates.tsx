'use client';

import { useCallback, useMemo, useState } from 'react';
import { parallelOption, type ParallelRow } from '@/lib/parallel-option';
import { axisFor, brushMatches, type Brushes } from '@/lib/parallel';
import { EChart, type ChartEvents } from './EChart';
import { useColorScheme } from './useColorScheme';

export interface ParallelTrial {
  id: string;
  number: number;
  status: string;
  flat: Record<string, unknown>;
  objective: number | null;
}

/**
 * One axis per searched parameter and one for the objective; each trial is a line across them,
 * warmer and stronger the better it did. Dragging along an axis brushes a range: the trials
 * inside every brushed range stay lit, and their count shows.
 */
export function ParallelCoordinates({ columns, trials, objectiveName, maximize }: { columns: string[]; trials: ParallelTrial[]; objectiveName: string; maximize: boolean }) {
  const theme = useColorScheme();
  const [brushes, setBrushes] = useState<Brushes>(new Map());
  const rows: ParallelRow[] = useMemo(
    () => trials.flatMap((t) => (t.objective !== null && Number.isFinite(t.objective) ? [{ id: t.id, number: t.number, status: t.status, objective: t.objective, values: { ...t.flat, [objectiveName]: t.objective } }] : [])),
    [trials, objectiveName],
  );
  const axes = useMemo(() => [...columns.map((c) => axisFor(c, rows.map((r) => r.values[c]))), axisFor(objectiveName, rows.map((r) => r.objective))], [columns, rows, objectiveName]);
  const option = useMemo(() => parallelOption(axes, rows, objectiveName, maximize, theme), [axes, rows, objectiveName, maximize, theme]);
  const onBrush = useCallback((params: unknown) => {
    const { parallelAxisId, intervals } = params as { parallelAxisId?: string; intervals?: Array<[number, number]> };
    const index = Number(parallelAxisId?.replace(/^axis-/, ''));
    if (!Number.isInteger(index)) return;
    setBrushes((prev) => new Map(prev).set(index, intervals ?? []));
  }, []);
  const events: ChartEvents = useMemo(() => ({ axisareaselected: onBrush }), [onBrush]);
  if (rows.length < 2 || columns.length === 0) return <div className="empty">Parallel coordinates appear once two trials have a result.</div>;
  const brushed = [...brushes.values()].some((r) => r.length > 0);
  const matching = brushMatches(axes, rows.map((r) => r.values), brushes);
  return (
    <figure className="chart parallel" data-axes={axes.length} data-lines={rows.length}>
      <EChart option={option} label="parallel coordinates of parameters and objective" height={300} events={events} />
      <figcaption className="muted" aria-live="polite">
        <span className="brush-count">
          {brushed ? `${matching.length} of ${rows.length} trials in the brushed ranges` : `${rows.length} trials · drag along an axis to brush a range`}
        </span>
        {brushed ? <> · {matching.slice(0, 20).map((i) => `#${rows[i]!.number}`).join(', ')}{matching.length > 20 ? ' …' : ''}</> : null}
      </figcaption>
    </figure>
  );
}
