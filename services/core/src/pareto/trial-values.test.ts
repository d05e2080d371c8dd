/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricSpec } from '../config/types.js';
import { completeValues, objectiveValuesOf } from './trial-values.js';

const objectives: MetricSpec[] = [
  { name: 'val_loss', goal: 'minimize' }, { name: 'gpu_hours', goal: 'minimize' }, { name: 'wall_seconds', goal: 'minimize' },
];

test('reported metrics fill their objectives; system metrics come from the measured cost', () => {
  const values = objectiveValuesOf(objectives, new Map([['val_loss', 0.25], ['other', 9]]), { wallSeconds: 7200, gpuHours: 1 });
  assert.deepEqual(values, [0.25, 1, 7200]);
  assert.deepEqual(completeValues(values), [0.25, 1, 7200]);
});

test('a program reporting gpu_hours itself overrides the measured cost', () => {
  assert.deepEqual(objectiveValuesOf(objectives, new Map([['val_loss', 1], ['gpu_hours', 0.5]]), { wallSeconds: 10, gpuHours: 3 }), [1, 0.5, 10]);
});

test('a metric never reported, or a trial that never started, leaves null and no complete values', () => {
  const unreported = objectiveValuesOf(objectives, new Map(), { wallSeconds: 10, gpuHours: 0 });
  assert.deepEqual(unreported, [null, 0, 10]);
  assert.equal(completeValues(unreported), undefined);
  assert.deepEqual(objectiveValuesOf(objectives, new Map([['val_loss', 2]]), null), [2, null, null]);
  assert.deepEqual(objectiveValuesOf(objectives, new Map([['val_loss', Number.NaN]]), null), [null, null, null]);
});
