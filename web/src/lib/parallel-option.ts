// The ECharts option of the parallel-coordinates plot: axes from parallel.ts, each trial a line
// coloured by how good it was, brushable on every axis.
import { PALETTES, type ThemeName } from './chart-theme.ts';
import { formatObjective } from './format.ts';
import { tooltipHtml } from './html.ts';
import { coordinate, quality, type Axis } from './parallel.ts';

export interface ParallelRow {
  id: string;
  number: number;
  status: string;
  objective: number;
  values: Record<string, unknown>;
}

/** Colour from worst (cool, light) to best (warm, strong), readable on both themes. */
function lineColour(q: number, theme: ThemeName): string {
  const hue = Math.round(220 - 200 * q);
  return theme === 'dark' ? `hsl(${hue} 80% ${Math.round(55 + 10 * q)}%)` : `hsl(${hue} 70% ${Math.round(62 - 22 * q)}%)`;
}

export function parallelOption(axes: readonly Axis[], rows: readonly ParallelRow[], objectiveName: string, maximize: boolean, theme: ThemeName): Record<string, unknown> {
  const p = PALETTES[theme];
  const objectives = rows.map((r) => r.objective);
  const best = maximize ? Math.max(...objectives) : Math.min(...objectives);
  const worst = maximize ? Math.min(...objectives) : Math.max(...objectives);
  const large = rows.length > 500;
  return {
    // Drawn at once: a data tool, and live updates would replay an animation every few seconds.
    animation: false,
    parallel: { left: 56, right: 96, top: 48, bottom: 28, parallelAxisDefault: { nameLocation: 'start', nameGap: 18 } },
    parallelAxis: axes.map((axis, dim) => ({
      id: `axis-${dim}`,
      dim,
      name: axis.kind === 'log' ? `${axis.name} (log)` : axis.name,
      nameLocation: 'end',
      nameGap: 14,
      nameTextStyle: { color: p.text, fontWeight: 'bold' },
      ...(axis.kind === 'category' ? { type: 'category', data: axis.categories } : { type: axis.kind === 'log' ? 'log' : 'value', scale: true, ...(axis.max > axis.min ? { min: axis.min, max: axis.max } : {}) }),
      realtime: true,
      areaSelectStyle: { width: 24, opacity: 0.3 },
    })),
    tooltip: { trigger: 'item', confine: true },
    series: [{
      type: 'parallel',
      smooth: false,
      progressive: large ? 400 : 0,
      inactiveOpacity: 0.1,
      activeOpacity: 1,
      lineStyle: { width: 1.5 },
      emphasis: { lineStyle: { width: 3 } },
      tooltip: {
        formatter: (item: { dataIndex?: number }) => {
          const row = rows[item.dataIndex ?? -1];
          return row ? tooltipHtml([`#${row.number} ${row.status.toLowerCase()}`, `${objectiveName} ${formatObjective(row.objective)}`]) : '';
        },
      },
      data: rows.map((row) => ({
        value: axes.map((axis) => coordinate(axis, row.values[axis.name]) ?? '-'),
        lineStyle: { color: lineColour(quality(row.objective, worst, best) ?? 0, theme), opacity: 0.45 + 0.5 * (quality(row.objective, worst, best) ?? 0) },
      })),
    }],
  };
}
