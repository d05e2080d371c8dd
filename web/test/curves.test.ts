import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curvesOption, logScaleAllowed, tooltipLines, type Curve } from '../src/lib/curves.ts';

const curve = (id: string, number: number, values: number[], status = 'COMPLETED'): Curve => ({ id, number, status, points: values.map((value, step) => ({ step, value })) });
type Series = { id: string; type: string; data: number[][]; lineStyle?: { opacity: number; color: string }; markLine?: { data: Array<{ xAxis: number }> } };

describe('curvesOption', () => {
  const curves = [curve('a', 3, [4, 2, 1]), curve('b', 7, [5, 3, 2])];
  it('draws one line per trial on a linear or log y-axis, with zoom inside and a slider when asked', () => {
    const linear = curvesOption('loss', curves, { logY: false, smoothing: 0, theme: 'light', slider: true });
    assert.deepEqual((linear.series as Series[]).map((s) => s.id), ['a', 'b']);
    assert.deepEqual((linear.series as Series[])[0]!.data, [[0, 4], [1, 2], [2, 1]]);
    assert.equal((linear.yAxis as { type: string }).type, 'value');
    assert.deepEqual((linear.dataZoom as Array<{ type: string }>).map((z) => z.type), ['inside', 'slider']);
    const log = curvesOption('loss', curves, { logY: true, smoothing: 0, theme: 'dark' });
    assert.equal((log.yAxis as { type: string }).type, 'log');
    assert.deepEqual((log.dataZoom as Array<{ type: string }>).map((z) => z.type), ['inside']);
  });
  it('smooths each line and keeps its raw points as a faint line of the same colour', () => {
    const option = curvesOption('loss', [curve('a', 3, [0, 10, 0, 10])], { logY: false, smoothing: 0.6, theme: 'light' });
    const [raw, smooth] = option.series as Series[];
    assert.equal(raw!.id, 'a:raw');
    assert.ok(raw!.lineStyle!.opacity < 0.5);
    assert.equal(raw!.lineStyle!.color, smooth!.lineStyle!.color);
    assert.deepEqual(raw!.data.map((p) => p[1]), [0, 10, 0, 10]);
    const smoothed = smooth!.data.map((p) => p[1]!);
    assert.ok(Math.max(...smoothed.slice(1)) < 10 && Math.min(...smoothed.slice(1)) > 0, 'the zig-zag is damped');
  });
  it('draws the focused trial strong, the others faint, and a marker at the decision step', () => {
    const option = curvesOption('loss', curves, { logY: false, smoothing: 0, theme: 'light', focusId: 'b', marker: { step: 1, label: 'stopped' } });
    const [a, b] = option.series as Series[];
    assert.ok(a!.lineStyle!.opacity < b!.lineStyle!.opacity);
    assert.deepEqual(b!.markLine!.data, [{ xAxis: 1 }]);
  });
  it('samples lines to the pixel grid and, for 1000 trials × 400 points, skips hover emphasis', () => {
    const many = Array.from({ length: 1000 }, (_, i) => curve(`t${i}`, i, Array.from({ length: 400 }, (_, s) => 1 / (s + 1 + i))));
    const option = curvesOption('loss', many, { logY: false, smoothing: 0, theme: 'light' });
    assert.equal(option.animation, false);
    const series = option.series as Array<{ sampling: string; emphasis: { disabled: boolean } }>;
    assert.equal(series[0]!.sampling, 'lttb');
    const drawn = (option.series as Array<{ data: unknown[] }>).reduce((n, s) => n + s.data.length, 0);
    assert.ok(drawn <= 40_000, `${drawn} points drawn in all, each line reduced keeping its extremes`);
    assert.equal((option.series as Array<{ data: number[][] }>)[0]!.data.at(-1)![0], 399, 'the last step is kept');
    assert.equal(series[0]!.emphasis.disabled, true);
    assert.equal((curvesOption('loss', curves, { logY: false, smoothing: 0, theme: 'light' }).series as typeof series)[0]!.emphasis.disabled, false);
  });
});

describe('tooltipLines', () => {
  it('names each trial with its status and value, best first, capped', () => {
    const byId = new Map([['a', curve('a', 3, [])], ['b', curve('b', 7, [], 'PRUNED')]]);
    assert.deepEqual(tooltipLines([{ seriesId: 'a', value: [1, 0.5] }, { seriesId: 'b', value: [1, 0.25] }], byId), ['#7 pruned: 0.2500', '#3 completed: 0.5000']);
    assert.deepEqual(tooltipLines([{ seriesId: 'a', value: [1, 0.5] }, { seriesId: 'b', value: [1, 0.25] }], byId, 1), ['#7 pruned: 0.2500', '… and 1 more']);
  });
});

describe('logScaleAllowed', () => {
  it('needs every finite value above zero', () => {
    assert.equal(logScaleAllowed([curve('a', 0, [1, 0.1, NaN])]), true);
    assert.equal(logScaleAllowed([curve('a', 0, [1, 0])]), false);
    assert.equal(logScaleAllowed([]), false);
  });
});
