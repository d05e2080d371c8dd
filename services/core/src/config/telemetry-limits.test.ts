/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';
import { TELEMETRY_LIMITS } from './telemetry-limits.js';

const base = { method: 'random', parameters: { x: { values: [1, 2] } } };

test('a sweep without limits gets the default telemetry limits', () => {
  const r = parseSweepConfig(base);
  assert.ok(r.ok);
  assert.deepEqual(r.config.limits, { metricKeys: 1000, pointsPerSeries: 100_000, logBytes: 16 * 1024 * 1024 });
  assert.deepEqual(r.config.limits, TELEMETRY_LIMITS.defaults);
});

test('limits: fields given are used, missing ones take the defaults', () => {
  const r = parseSweepConfig('method: random\nparameters: {x: {values: [1]}}\nlimits:\n  metric_keys: 50\n  log_bytes: 1024\n');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.config.limits, { metricKeys: 50, pointsPerSeries: 100_000, logBytes: 1024 });
  assert.deepEqual(r.warnings, []);
});

test('limits: exactly at the ceiling is accepted', () => {
  const r = parseSweepConfig({ ...base, limits: { metric_keys: 10_000, points_per_series: 1_000_000, log_bytes: 256 * 1024 * 1024 } });
  assert.ok(r.ok);
  assert.deepEqual(r.config.limits, TELEMETRY_LIMITS.ceiling);
});

const bad: [string, unknown, string, RegExp][] = [
  ['above the ceiling', { metric_keys: 10_001 }, 'limits.metric_keys', /<= 10000.*got 10001/],
  ['points above the ceiling', { points_per_series: 1e9 }, 'limits.points_per_series', /<= 1000000/],
  ['log bytes above the ceiling', { log_bytes: 256 * 1024 * 1024 + 1 }, 'limits.log_bytes', /<= 268435456/],
  ['zero', { metric_keys: 0 }, 'limits.metric_keys', />= 1/],
  ['negative', { log_bytes: -5 }, 'limits.log_bytes', />= 1/],
  ['not an integer', { points_per_series: 10.5 }, 'limits.points_per_series', /must be an integer/],
  ['a string', { metric_keys: '100' }, 'limits.metric_keys', /must be an integer.*'100'/],
  ['unknown key', { metric_key: 5 }, 'limits.metric_key', /not a limits key.*did you mean 'metric_keys'/],
];

for (const [name, limits, path, gist] of bad) {
  test(`limits: refuses ${name} at ${path}`, () => {
    const r = parseSweepConfig({ ...base, limits });
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems;
    assert.ok(problems.some((p) => p.path === path && gist.test(p.message)), JSON.stringify(problems));
  });
}

test('limits: must be a mapping', () => {
  const r = parseSweepConfig({ ...base, limits: 5 });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.problems.some((p) => p.path === 'limits' && /must be a mapping/.test(p.message)));
});
