import { formatObjective, formatParamValue } from '@/lib/format';
import { axisFor, polylinePoints, quality, type Axis } from '@/lib/parallel';

const WIDTH = 900;
const HEIGHT = 220;
const TOP = 28;
const BOTTOM = 22;
const SIDE = 40;

export interface ParallelTrial {
  id: string;
  number: number;
  flat: Record<string, unknown>;
  objective: number | null;
}

function label(axis: Axis, end: 'min' | 'max'): string {
  if (axis.kind === 'category') return axis.categories[end === 'min' ? 0 : axis.categories.length - 1] ?? '';
  return formatParamValue(end === 'min' ? axis.min : axis.max);
}

/**
 * One axis per searched parameter and one for the objective; each trial is a line across them,
 * darker and warmer the better it did, so the region good trials share stands out.
 */
export function ParallelCoordinates({ columns, trials, objectiveName, maximize }: { columns: string[]; trials: ParallelTrial[]; objectiveName: string; maximize: boolean }) {
  const scored = trials.filter((t) => t.objective !== null && Number.isFinite(t.objective));
  if (scored.length < 2 || columns.length === 0) return <div className="empty">Parallel coordinates appear once two trials have a result.</div>;
  const objectives = scored.map((t) => t.objective!);
  const best = maximize ? Math.max(...objectives) : Math.min(...objectives);
  const worst = maximize ? Math.min(...objectives) : Math.max(...objectives);
  const axes = [...columns.map((c) => axisFor(c, scored.map((t) => t.flat[c]))), axisFor(objectiveName, objectives)];
  const innerW = WIDTH - 2 * SIDE;
  const innerH = HEIGHT - TOP - BOTTOM;
  const stepX = axes.length > 1 ? innerW / (axes.length - 1) : 0;
  // Best last, so it is drawn on top.
  const ordered = [...scored].sort((a, b) => (quality(a.objective, worst, best) ?? 0) - (quality(b.objective, worst, best) ?? 0));
  return (
    <figure className="chart parallel">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="parallel coordinates of parameters and objective">
        <g transform={`translate(${SIDE},${TOP})`}>
          {ordered.map((t) => {
            const q = quality(t.objective, worst, best) ?? 0;
            const values = { ...t.flat, [objectiveName]: t.objective };
            return (
              <polyline
                key={t.id}
                points={polylinePoints(axes, values, innerW, innerH)}
                fill="none"
                style={{ stroke: `hsl(${Math.round(220 - 200 * q)} 70% ${Math.round(62 - 22 * q)}%)`, strokeOpacity: 0.35 + 0.6 * q }}
              >
                <title>{`#${t.number}: ${objectiveName} ${formatObjective(t.objective)}`}</title>
              </polyline>
            );
          })}
          {axes.map((axis, i) => (
            <g key={axis.name} transform={`translate(${i * stepX},0)`} className="axis">
              <line y1={0} y2={innerH} />
              <text y={-12} textAnchor="middle" className="axis-name">
                {axis.name}
                {axis.kind === 'log' ? ' (log)' : ''}
              </text>
              <text y={-1} textAnchor="middle">{label(axis, 'max')}</text>
              <text y={innerH + 13} textAnchor="middle">{label(axis, 'min')}</text>
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
