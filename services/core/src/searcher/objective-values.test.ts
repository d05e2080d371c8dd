/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCoreError } from '../errors.js';
import { mustParse } from '../testing/drive.js';
import { initSearcher, searcherStep } from './searcher.js';
import type { SearcherState } from './types.js';

const multi = mustParse({ method: 'random', metrics: [{ name: 'val_loss' }, { name: 'gpu_hours' }], parameters: { x: { min: 0, max: 1 } } });
const single = mustParse({ method: 'random', metric: { name: 'val_loss' }, parameters: { x: { min: 0, max: 1 } } });

function started(config: typeof multi): SearcherState {
  return searcherStep(config, initSearcher(config, 0), { type: 'request', count: 2 }).state;
}

function refuses(fn: () => unknown, gist: RegExp): void {
  assert.throws(fn, (e: unknown) => isCoreError(e, 'EVENT_INVALID') && gist.test((e as Error).message));
}

test('a finished multi-objective trial keeps its values in the config order', () => {
  const s = searcherStep(multi, started(multi), { type: 'finished', trial: 0, state: 'completed', values: [0.3, 1.5] }).state;
  assert.deepEqual(s.trials[0]!.values, [0.3, 1.5]);
  assert.equal(s.trials[0]!.status, 'completed');
});

test('values must be one finite number per objective', () => {
  const s = started(multi);
  refuses(() => searcherStep(multi, s, { type: 'finished', trial: 0, state: 'completed', values: [0.3] }), /list of 2 numbers.*val_loss, gpu_hours/);
  refuses(() => searcherStep(multi, s, { type: 'finished', trial: 0, state: 'completed', values: [0.3, Number.NaN] }), /values\[1\] \(gpu_hours\) must be a finite number/);
  refuses(() => searcherStep(multi, s, { type: 'finished', trial: 0, state: 'completed', values: '0.3,1' as unknown as number[] }), /list of 2 numbers/);
});

test('a single-objective sweep refuses values and keeps its old record shape', () => {
  const s = started(single);
  refuses(() => searcherStep(single, s, { type: 'finished', trial: 0, state: 'completed', values: [1, 2] }), /send value/);
  const done = searcherStep(single, s, { type: 'finished', trial: 0, state: 'completed', value: 0.4 }).state;
  assert.deepEqual(Object.keys(done.trials[0]!).sort(), ['params', 'status', 'value']);
});

test('a repeated finished event with the same values is a no-op; different values are refused', () => {
  const once = searcherStep(multi, started(multi), { type: 'finished', trial: 1, state: 'completed', values: [1, 2] }).state;
  const twice = searcherStep(multi, once, { type: 'finished', trial: 1, state: 'completed', values: [1, 2] });
  assert.equal(twice.state, once);
  assert.throws(() => searcherStep(multi, once, { type: 'finished', trial: 1, state: 'completed', values: [1, 3] }), (e: unknown) => isCoreError(e, 'TRIAL_NOT_PENDING'));
});

test("a failed trial's values are not kept", () => {
  const s = searcherStep(multi, started(multi), { type: 'finished', trial: 0, state: 'failed', values: [1, 2] }).state;
  assert.equal(s.trials[0]!.values, undefined);
});
