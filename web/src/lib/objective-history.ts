// The objective of every finished trial by trial number, with the best so far: how a sweep
// converged. Pure; the component only draws it.
import { PALETTES, type ThemeName } from './chart-theme.ts';
import { formatObjective } from './format.ts';
import { tooltipHtml } from './html.ts';
import { isMaximize } from './leaderboard.ts';

export interface HistoryPoint {
  number: number;
  objective: number;
}

/** The best objective up to and including each trial, for the goal; one entry per point, in number order. */
export function runningBest(points: readonly HistoryPoint[], goal: string | null | undefined): HistoryPoint[] {
  const better = isMaximize(goal) ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const sorted = [...points].sort((a, b) => a.number - b.number);
  const out: HistoryPoint[] = [];
  let best: number | undefined;
  for (const p of sorted) {
    if (best === undefined || better(p.objective, best)) best = p.objective;
    out.push({ number: p.number, objective: best });
  }
  return out;
}

export interface HistoryTrial extends HistoryPoint {
  status?: string | undefined;
}

/** Every trial's objective as a dot (hover names it) and the best so far as a step line. */
export function historyOption(points: readonly HistoryTrial[], goal: string | null | undefined, metric: string, logY: boolean, theme: ThemeName): Record<string, unknown> | null {
  const finite = points.filter((p) => Number.isFinite(p.objective)).sort((a, b) => a.number - b.number);
  if (finite.length === 0) return null;
  const palette = PALETTES[theme];
  const large = finite.length > 2000;
  return {
    // Drawn at once: a data tool, and live updates would replay an animation every few seconds.
    animation: false,
    grid: { left: 64, right: 24, top: 28, bottom: 64 },
    tooltip: { trigger: 'item', confine: true },
    xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 26, min: 'dataMin', max: 'dataMax', minInterval: 1, splitLine: { show: false } },
    yAxis: { type: logY ? 'log' : 'value', name: metric, scale: true, logBase: 10 },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 8 }],
    series: [
      {
        id: 'trials',
        name: metric,
        type: 'scatter',
        large,
        symbolSize: 7,
        itemStyle: { color: palette.series[1], opacity: 0.8 },
        data: finite.map((p) => ({ value: [p.number, p.objective], status: p.status })),
        tooltip: {
          formatter: (item: { value?: unknown; data?: { status?: string } }) => {
            const [n, v] = Array.isArray(item.value) ? (item.value as number[]) : [];
            return tooltipHtml([`#${String(n)}${item.data?.status ? ` ${item.data.status.toLowerCase()}` : ''}: ${formatObjective(v)}`]);
          },
        },
      },
      {
        id: 'best',
        name: 'best so far',
        type: 'line',
        step: 'end',
        showSymbol: false,
        silent: true,
        lineStyle: { color: palette.focus, width: 2 },
        data: runningBest(finite, goal).map((p) => [p.number, p.objective]),
      },
    ],
  };
}
