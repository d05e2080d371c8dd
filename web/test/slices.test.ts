import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logScaleParams, logScaleParamsOf, sliceOption, slicePanels } from '../src/lib/slices.ts';

const trials = [
  { id: 'a', number: 0, status: 'COMPLETED', objective: 0.5, flat: { lr: 0.001, opt: 'adam', dropout: 0.1 } },
  { id: 'b', number: 1, status: 'PRUNED', objective: 0.2, flat: { lr: 0.1, opt: 'sgd', dropout: 0.2 } },
  { id: 'c', number: 2, status: 'RUNNING', objective: null, flat: { lr: 0.01, opt: 'sgd', dropout: 0.3 } },
];

describe('slicePanels', () => {
  it('makes one panel per parameter with the trials that have an objective', () => {
    const panels = slicePanels(['lr', 'opt', 'dropout'], trials);
    assert.deepEqual(panels.map((p) => [p.param, p.axis, p.points.length]), [['lr', 'log', 2], ['opt', 'category', 2], ['dropout', 'value', 2]]);
    assert.deepEqual(panels[1]!.categories, ['adam', 'sgd']);
    assert.deepEqual(panels[1]!.points.map((p) => p.x), ['adam', 'sgd']);
  });
  it('uses a log axis for a parameter the config samples log-uniformly even over a narrow span', () => {
    assert.equal(slicePanels(['dropout'], trials, new Set(['dropout']))[0]!.axis, 'log');
  });
  it('names the trial, its status and both values on hover', () => {
    const option = sliceOption(slicePanels(['lr'], trials)[0]!, 'loss', 'light');
    const series = (option.series as Array<{ data: Array<{ value: unknown[]; point: unknown }> }>)[0]!;
    const formatter = (option.tooltip as { formatter: (i: unknown) => string }).formatter;
    assert.equal(formatter({ data: series.data[1] }), '#1 pruned<br>lr 0.1<br>loss 0.2000');
    assert.equal((option.xAxis as { type: string }).type, 'log');
  });
});

describe('logScaleParams', () => {
  it('finds log-uniform parameters, nested ones dotted', () => {
    const names = logScaleParams({ lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 }, x: { min: 0, max: 1 }, opt: { parameters: { eps: { distribution: 'q_log_uniform_values' } } } });
    assert.deepEqual([...names].sort(), ['lr', 'opt.eps']);
  });
  it('reads them from the config text, YAML or JSON, and finds none in text that does not parse', () => {
    assert.deepEqual([...logScaleParamsOf('parameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n')], ['lr']);
    assert.deepEqual([...logScaleParamsOf('{"parameters": {"x": {"min": 0, "max": 1}}}')], []);
    assert.deepEqual([...logScaleParamsOf('parameters: [unclosed')], []);
  });
});
