'use client';

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { echartsTheme, type ThemeName } from '@/lib/chart-theme';
import { useColorScheme } from './useColorScheme';

// Only what the charts use, so the bundle stays small. SVG keeps text crisp and readable at any zoom.
echarts.use([LineChart, ScatterChart, ParallelChart, GridComponent, LegendComponent, TooltipComponent, DataZoomInsideComponent, DataZoomSliderComponent, MarkLineComponent, ParallelComponent, SVGRenderer]);
echarts.registerTheme('anneal-light', echartsTheme('light'));
echarts.registerTheme('anneal-dark', echartsTheme('dark'));

export type ChartEvents = Record<string, (params: unknown) => void>;

/**
 * One ECharts chart in a box of the given height, in the page's light or dark theme. `label`
 * names it for screen readers (the drawing itself is not readable to them; the page tells the
 * same in text: legends, tables, sentences).
 */
export function EChart({ option, label, height = 240, events, className }: { option: Record<string, unknown>; label: string; height?: number; events?: ChartEvents; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const theme: ThemeName = useColorScheme();
  const latestOption = useRef(option);
  const latestEvents = useRef(events);

  useEffect(() => {
    latestEvents.current = events;
  }, [events]);

  // A theme switch needs a fresh instance; the latest option is set on it at once.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, `anneal-${theme}`, { renderer: 'svg' });
    chart.current = instance;
    instance.setOption(latestOption.current);
    for (const name of Object.keys(latestEvents.current ?? {})) instance.on(name, (p: unknown) => latestEvents.current?.[name]?.(p));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    if (latestOption.current === option) return;
    latestOption.current = option;
    // Series are replaced (smoothing adds or drops the raw lines); zoom and brushes are kept.
    chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return <div ref={box} className={`echart${className ? ` ${className}` : ''}`} style={{ height }} role="img" aria-label={label} />;
}
