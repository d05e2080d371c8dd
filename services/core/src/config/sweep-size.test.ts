/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import { MAX_CONCURRENT_CEILING, MAX_GRID_POINTS } from './sweep-size.js';

function problemAt(input: unknown, path: string, gist: RegExp): void {
  const r = parseSweepConfig(input);
  assert.equal(r.ok, false, 'expected the config to be refused');
  const problems = r.ok ? [] : r.problems;
  assert.ok(problems.some((p) => p.path === path && gist.test(p.message)), JSON.stringify(problems, null, 2));
}

/** n parameters of 10 values each: a 10^n-point grid. */
function tenValued(n: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }]));
}

test('the documented limits', () => {
  assert.equal(MAX_GRID_POINTS, 100_000);
  assert.equal(MAX_CONCURRENT_CEILING, 1_000);
});

test('a 10^12-point grid is refused at parameters, naming the size and the limit', () => {
  problemAt({ method: 'grid', parameters: tenValued(12) }, 'parameters', /1,000,000,000,000 points.*more than the 100,000.*set run_cap/);
});

test('an integer grid from 0 to 1e12 is refused without enumerating it, naming the parameter', () => {
  problemAt({ method: 'grid', parameters: { n: { distribution: 'int_uniform', min: 0, max: 1e12 } } }, 'parameters', /1,000,000,000,001 points \(parameters\.n alone has 1,000,000,000,001 values\)/);
  problemAt('method: grid\nparameters:\n  opt:\n    parameters:\n      n: {min: 0, max: 1000000000000}\n', 'parameters', /parameters\.opt\.parameters\.n alone/);
});

test('a grid at the limit is accepted; one point more is refused', () => {
  const at = parseSweepConfig({ method: 'grid', parameters: tenValued(5) });
  assert.ok(at.ok);
  problemAt({ method: 'grid', parameters: { n: { min: 1, max: MAX_GRID_POINTS + 1 } } }, 'parameters', /100,001 points/);
});

test('run_cap within the limit lets a big grid run its first points in order', () => {
  const r = parseSweepConfig({ method: 'grid', run_cap: 3, parameters: { n: { distribution: 'int_uniform', min: 0, max: 1e12 } } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const out = searcherStep(r.config, initSearcher(r.config, 1), { type: 'request', count: 3 });
  const created = out.actions.flatMap((a) => (a.type === 'create' ? [a.params] : []));
  assert.deepEqual(created, [{ n: 0 }, { n: 1 }, { n: 2 }]);
  assert.ok(parseSweepConfig({ method: 'grid', run_cap: MAX_GRID_POINTS, parameters: tenValued(12) }).ok);
});

test('run_cap above the limit does not bound a big grid', () => {
  problemAt({ method: 'grid', run_cap: MAX_GRID_POINTS + 1, parameters: tenValued(12) }, 'parameters', /lower run_cap \(now 100001\) to at most 100,000/);
});

test('a grid too large to index is refused even with run_cap', () => {
  problemAt({ method: 'grid', run_cap: 10, parameters: tenValued(17) }, 'parameters', /about 1\.0e\+17 points.*too many to index/);
});

test('random search over a huge range is not a grid and stays allowed', () => {
  assert.ok(parseSweepConfig({ method: 'random', parameters: { n: { min: 0, max: 1e12 }, ...tenValued(12) } }).ok);
});

test('max_concurrent above the ceiling is refused at max_concurrent', () => {
  problemAt({ method: 'random', max_concurrent: 1e9, parameters: tenValued(1) }, 'max_concurrent', /must be an integer <= 1000/);
  problemAt({ method: 'random', max_concurrent: MAX_CONCURRENT_CEILING + 1, parameters: tenValued(1) }, 'max_concurrent', /<= 1000.*got 1001/);
  const at = parseSweepConfig({ method: 'random', max_concurrent: MAX_CONCURRENT_CEILING, parameters: tenValued(1) });
  assert.ok(at.ok && at.config.maxConcurrent === MAX_CONCURRENT_CEILING);
});
