// The option of a curves chart (a metric by step, one line per trial), built from plain data so
// the unit tests can check what is drawn: log or linear y, smoothing with the raw points kept
// faint, zoom, a decision marker. The component only hands it to ECharts.
import { downsample, type Point } from './chart.ts';
import { PALETTES, type ThemeName } from './chart-theme.ts';
import { formatObjective } from './format.ts';
import { escapeHtml, tooltipHtml } from './html.ts';
import { emaSmooth } from './smoothing.ts';

export interface Curve {
  id: string;
  number: number;
  status?: string | undefined;
  points: Point[];
}

export interface CurvesSettings {
  logY: boolean;
  /** EMA weight, 0 (raw) to 0.99. */
  smoothing: number;
  theme: ThemeName;
  /** A zoom slider under the chart (besides wheel/drag zoom inside it). */
  slider?: boolean;
  /** The trial the chart is about: drawn strong, the others faint. */
  focusId?: string | undefined;
  /** A vertical line at a step (a stop decision's), with its label. */
  marker?: { step: number; label: string } | undefined;
  /** Extra points drawn as dots (e.g. the cohort's values at the decision step). */
  dots?: { name: string; points: Array<{ step: number; value: number; label: string }> } | undefined;
}

/** Points per line at most: beyond a chart's pixel width more only costs time. */
const MAX_POINTS_PER_CURVE = 400;
/** Points on one chart at most: many trials share the budget (each keeps its extremes), so 1000 curves still draw at once. */
const MAX_POINTS_PER_CHART = 40_000;
/** A line keeps at least this many points however many share the chart. */
const MIN_POINTS_PER_CURVE = 24;
/** Above this many points in all, hover emphasis (a redraw of every line) is turned off. */
const LARGE = 20_000;

/** A log axis needs every value above zero. */
export function logScaleAllowed(curves: readonly Curve[]): boolean {
  let any = false;
  for (const c of curves) {
    for (const p of c.points) {
      if (!Number.isFinite(p.value)) continue;
      if (p.value <= 0) return false;
      any = true;
    }
  }
  return any;
}

/** What hovering names: "#3 completed: 0.123", one line per trial, best value first, at most `cap`. */
export function tooltipLines(
  items: ReadonlyArray<{ seriesId?: string; value?: unknown }>,
  curves: ReadonlyMap<string, Curve>,
  cap = 12,
): string[] {
  const rows: Array<{ text: string; value: number }> = [];
  for (const item of items) {
    const curve = item.seriesId ? curves.get(item.seriesId) : undefined;
    const value = Array.isArray(item.value) ? Number(item.value[1]) : NaN;
    if (!curve || !Number.isFinite(value)) continue;
    rows.push({ text: `#${curve.number}${curve.status ? ` ${curve.status.toLowerCase()}` : ''}: ${formatObjective(value)}`, value });
  }
  rows.sort((a, b) => a.value - b.value);
  const shown = rows.slice(0, cap).map((r) => r.text);
  if (rows.length > cap) shown.push(`… and ${rows.length - cap} more`);
  return shown;
}

/** The ECharts option for `curves` of `metric` under `settings`. */
export function curvesOption(metric: string, curves: readonly Curve[], settings: CurvesSettings): Record<string, unknown> {
  const palette = PALETTES[settings.theme];
  const total = curves.reduce((n, c) => n + c.points.length, 0);
  const large = total > LARGE;
  const smoothed = settings.smoothing > 0;
  const byId = new Map(curves.map((c) => [c.id, c]));
  const colour = (c: Curve, i: number) =>
    settings.focusId === undefined ? palette.series[i % palette.series.length]! : c.id === settings.focusId ? palette.focus : palette.faint;
  const line = (c: Curve, i: number, id: string, points: Point[], opacity: number, width: number) => ({
    id,
    name: `#${c.number}`,
    type: 'line',
    data: points.filter((p) => Number.isFinite(p.value)).map((p) => [p.step, p.value]),
    showSymbol: false,
    symbolSize: 4,
    sampling: 'lttb',
    silent: opacity < 1,
    z: c.id === settings.focusId ? 3 : 2,
    itemStyle: { color: colour(c, i) },
    lineStyle: { color: colour(c, i), width, opacity },
    emphasis: { disabled: large },
  });
  const series: Array<Record<string, unknown>> = [];
  const perCurve = Math.max(MIN_POINTS_PER_CURVE, Math.min(MAX_POINTS_PER_CURVE, Math.floor(MAX_POINTS_PER_CHART / Math.max(1, curves.length))));
  curves.forEach((c, i) => {
    const points = downsample(c.points, perCurve);
    const focusFaint = settings.focusId !== undefined && c.id !== settings.focusId;
    const width = settings.focusId === c.id ? 3 : 1.5;
    const opacity = focusFaint ? 0.55 : 1;
    if (smoothed) {
      series.push(line(c, i, `${c.id}:raw`, points, 0.2, 1));
      series.push(line(c, i, c.id, emaSmooth(points, settings.smoothing), opacity, width));
    } else {
      series.push(line(c, i, c.id, points, opacity, width));
    }
  });
  const first = series.find((s) => s.id === settings.focusId) ?? series[series.length - 1];
  if (first && settings.marker) {
    first.markLine = {
      silent: true,
      symbol: 'none',
      lineStyle: { color: palette.marker, type: 'dashed', width: 1.5 },
      label: { formatter: settings.marker.label, color: palette.text, position: 'end' },
      data: [{ xAxis: settings.marker.step }],
    };
  }
  if (settings.dots && settings.dots.points.length > 0) {
    series.push({
      id: 'dots',
      name: settings.dots.name,
      type: 'scatter',
      data: settings.dots.points.filter((p) => Number.isFinite(p.value)).map((p) => ({ value: [p.step, p.value], name: p.label })),
      symbolSize: 7,
      itemStyle: { color: palette.muted, opacity: 0.8 },
      z: 4,
      tooltip: { trigger: 'item', formatter: (p: { name?: string; value?: unknown }) => escapeHtml(`${p.name ?? ''}: ${formatObjective(Array.isArray(p.value) ? Number(p.value[1]) : null)}`) },
    });
  }
  return {
    // Drawn at once: a data tool, and live updates would replay an animation every few seconds.
    animation: false,
    grid: { left: 64, right: 24, top: 28, bottom: settings.slider ? 72 : 40 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'line' },
      formatter: (params: unknown) => {
        const items = Array.isArray(params) ? (params as Array<{ seriesId?: string; value?: unknown; axisValue?: unknown }>) : [];
        const step = items[0]?.axisValue;
        const lines = tooltipLines(items.filter((it) => !it.seriesId?.endsWith(':raw')), byId);
        return tooltipHtml([`step ${String(step ?? '')}`, ...lines]);
      },
    },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 26, min: 'dataMin', max: 'dataMax', minInterval: 1, splitLine: { show: false } },
    yAxis: { type: settings.logY ? 'log' : 'value', name: metric, nameLocation: 'end', scale: true, logBase: 10 },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      ...(settings.slider ? [{ type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 12 }] : []),
    ],
    series,
  };
}
