import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echartsTheme, PALETTES } from '../src/lib/chart-theme.ts';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('chart themes', () => {
  for (const name of ['light', 'dark'] as const) {
    it(`${name}: axis labels and titles are readable on the chart surface (4.5:1), the series apart from it (3:1)`, () => {
      const p = PALETTES[name];
      assert.ok(contrast(p.text, p.surface) >= 4.5);
      assert.ok(contrast(p.muted, p.surface) >= 4.5, `muted ${contrast(p.muted, p.surface).toFixed(2)}`);
      for (const c of p.series) assert.ok(contrast(c, p.surface) >= 3, `${c} on ${p.surface}: ${contrast(c, p.surface).toFixed(2)}`);
      const theme = echartsTheme(name) as { valueAxis: { axisLabel: { color: string } }; tooltip: { backgroundColor: string; textStyle: { color: string } } };
      assert.equal(theme.valueAxis.axisLabel.color, p.muted);
      assert.ok(contrast(theme.tooltip.textStyle.color, theme.tooltip.backgroundColor) >= 4.5);
    });
  }
});
