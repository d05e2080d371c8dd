// The charts' colours for the light and dark page themes (the page follows
// prefers-color-scheme; the charts switch ECharts themes with it). Chosen for contrast on the
// page's surfaces: text at least 4.5:1, lines distinguishable from each other.

export type ThemeName = 'light' | 'dark';

export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  surface: string;
  /** One colour per series, the best trial first. */
  series: string[];
  /** The trial a chart is about, against faint others. */
  focus: string;
  faint: string;
  marker: string;
}

export const PALETTES: Record<ThemeName, ChartPalette> = {
  light: {
    text: '#1a1d23', muted: '#5f6775', grid: '#e3e6eb', axis: '#8a93a3', surface: '#ffffff',
    series: ['#c2410c', '#1d4ed8', '#15803d', '#7c3aed', '#0e7490', '#a16207', '#be185d', '#4b5563', '#65a30d', '#9333ea'],
    focus: '#c2410c', faint: '#9aa3b2', marker: '#b91c1c',
  },
  dark: {
    text: '#e6e8ec', muted: '#9aa3b2', grid: '#2b313c', axis: '#6b7385', surface: '#171a21',
    series: ['#fb923c', '#60a5fa', '#4ade80', '#c084fc', '#22d3ee', '#facc15', '#f472b6', '#cbd5e1', '#a3e635', '#e879f9'],
    focus: '#fb923c', faint: '#5f6775', marker: '#f87171',
  },
};

/** An ECharts theme object from a palette: axes, tooltips and zoom sliders in the page's colours. */
export function echartsTheme(name: ThemeName): Record<string, unknown> {
  const p = PALETTES[name];
  const axis = {
    axisLine: { lineStyle: { color: p.axis } },
    axisTick: { lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted },
    nameTextStyle: { color: p.muted },
    splitLine: { lineStyle: { color: p.grid } },
  };
  return {
    color: p.series,
    backgroundColor: 'transparent',
    textStyle: { color: p.text },
    valueAxis: axis,
    logAxis: axis,
    categoryAxis: axis,
    tooltip: { backgroundColor: p.surface, borderColor: p.axis, textStyle: { color: p.text } },
    dataZoom: {
      textStyle: { color: p.muted },
      borderColor: p.grid,
      backgroundColor: 'transparent',
      fillerColor: name === 'dark' ? 'rgba(96,165,250,0.15)' : 'rgba(29,78,216,0.12)',
      dataBackground: { lineStyle: { color: p.axis }, areaStyle: { color: p.grid } },
      selectedDataBackground: { lineStyle: { color: p.series[1] }, areaStyle: { color: p.grid } },
      handleStyle: { color: p.surface, borderColor: p.axis },
      moveHandleStyle: { color: p.axis },
    },
    parallelAxis: { ...axis, nameTextStyle: { color: p.text } },
  };
}
