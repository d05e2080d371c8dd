import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisFor } from '../src/lib/parallel.ts';
import { parallelOption } from '../src/lib/parallel-option.ts';

describe('parallelOption', () => {
  const rows = [0.001, 0.01, 0.1].map((lr, i) => ({ id: `t${i}`, number: i, status: i === 2 ? 'PRUNED' : 'COMPLETED', objective: [0.9, 0.1, 0.5][i]!, values: { lr, opt: i === 0 ? 'adam' : 'sgd', loss: [0.9, 0.1, 0.5][i]! } }));
  const axes = ['lr', 'opt', 'loss'].map((n) => axisFor(n, rows.map((r) => (r.values as Record<string, unknown>)[n])));
  const option = parallelOption(axes, rows, 'loss', false, 'light');
  it('gives each axis its kind and an id the brush events name, and plots categories by position', () => {
    const parallelAxis = option.parallelAxis as Array<{ id: string; type: string; name: string; data?: string[] }>;
    assert.deepEqual(parallelAxis.map((a) => [a.id, a.type, a.name]), [['axis-0', 'log', 'lr (log)'], ['axis-1', 'category', 'opt'], ['axis-2', 'value', 'loss']]);
    assert.deepEqual(parallelAxis[1]!.data, ['adam', 'sgd']);
    const data = (option.series as Array<{ data: Array<{ value: unknown[] }> }>)[0]!.data;
    assert.deepEqual(data.map((d) => d.value), [[0.001, 0, 0.9], [0.01, 1, 0.1], [0.1, 1, 0.5]]);
  });
  it('names the trial, its status and objective on hover, and draws the best line strongest', () => {
    const series = (option.series as Array<{ tooltip: { formatter: (i: unknown) => string }; data: Array<{ lineStyle: { opacity: number } }> }>)[0]!;
    assert.equal(series.tooltip.formatter({ dataIndex: 2 }), '#2 pruned<br>loss 0.5000');
    assert.ok(series.data[1]!.lineStyle.opacity > series.data[2]!.lineStyle.opacity && series.data[2]!.lineStyle.opacity > series.data[0]!.lineStyle.opacity);
  });
});
