// Slice plots: the objective against each searched parameter's value, one small chart per
// parameter, so a person sees where along each parameter the good trials sit.
import { parse } from 'yaml';
import { PALETTES, type ThemeName } from './chart-theme.ts';
import { formatObjective, formatParamValue } from './format.ts';
import { tooltipHtml } from './html.ts';
import { axisFor } from './parallel.ts';

export interface SliceTrial {
  id: string;
  number: number;
  status: string;
  objective: number | null | undefined;
  flat: Record<string, unknown>;
}

export interface SlicePoint {
  /** The parameter's value (numeric axes) or its text (category axes). */
  x: number | string;
  objective: number;
  number: number;
  status: string;
}

export interface SlicePanel {
  param: string;
  axis: 'value' | 'log' | 'category';
  categories: string[];
  points: SlicePoint[];
}

const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));

/**
 * One panel per column, with the trials that have both an objective and a value for it. Numbers
 * get a log axis when the config samples the parameter log-uniformly or its values span two
 * decades (as in the parallel plot); anything else is a category axis.
 * @param logParams parameters the config samples on a log scale
 */
export function slicePanels(columns: readonly string[], trials: readonly SliceTrial[], logParams: ReadonlySet<string> = new Set()): SlicePanel[] {
  const scored = trials.filter((t): t is SliceTrial & { objective: number } => typeof t.objective === 'number' && Number.isFinite(t.objective));
  return columns.map((param) => {
    const axis = axisFor(param, scored.map((t) => t.flat[param]));
    const kind = axis.kind === 'category' ? 'category' : axis.kind === 'log' || (logParams.has(param) && axis.min > 0) ? 'log' : 'value';
    const points = scored.flatMap((t) => {
      const v = t.flat[param];
      if (v === undefined || v === null) return [];
      return [{ x: kind === 'category' ? text(v) : (v as number), objective: t.objective, number: t.number, status: t.status }];
    });
    return { param, axis: kind, categories: axis.categories, points };
  });
}

/** Parameter names the config samples log-uniformly (W&B's log_uniform* distributions), nested names dotted. */
export function logScaleParams(parameters: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  if (!parameters || typeof parameters !== 'object') return out;
  for (const [name, spec] of Object.entries(parameters as Record<string, unknown>)) {
    if (!spec || typeof spec !== 'object') continue;
    const s = spec as Record<string, unknown>;
    if (typeof s.distribution === 'string' && /log/.test(s.distribution)) out.add(prefix + name);
    if (s.parameters) for (const n of logScaleParams(s.parameters, `${prefix}${name}.`)) out.add(n);
  }
  return out;
}

/** logScaleParams of a sweep's config text (YAML or JSON); none when it does not parse. */
export function logScaleParamsOf(configText: string): Set<string> {
  try {
    const config: unknown = parse(configText);
    return config && typeof config === 'object' ? logScaleParams((config as { parameters?: unknown }).parameters) : new Set();
  } catch {
    return new Set();
  }
}

export function sliceOption(panel: SlicePanel, metric: string, theme: ThemeName): Record<string, unknown> {
  const p = PALETTES[theme];
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: 44 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (item: { data?: { point?: SlicePoint } }) => {
        const pt = item.data?.point;
        if (!pt) return '';
        return tooltipHtml([`#${pt.number} ${pt.status.toLowerCase()}`, `${panel.param} ${formatParamValue(pt.x)}`, `${metric} ${formatObjective(pt.objective)}`]);
      },
    },
    xAxis: panel.axis === 'category'
      ? { type: 'category', data: panel.categories, name: panel.param, nameLocation: 'middle', nameGap: 28 }
      : { type: panel.axis, name: panel.param, nameLocation: 'middle', nameGap: 28, scale: true, logBase: 10 },
    yAxis: { type: 'value', name: metric, scale: true },
    series: [{
      type: 'scatter',
      large: panel.points.length > 2000,
      symbolSize: 7,
      itemStyle: { color: p.series[1], opacity: 0.75 },
      data: panel.points.map((pt) => ({ value: [pt.x, pt.objective], point: pt })),
    }],
  };
}
