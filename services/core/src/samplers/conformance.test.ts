/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSweepConfig } from '../config/parse.js';
import { initSearcher, searcherStep } from '../searcher/searcher.js';
import type { SearcherState } from '../searcher/types.js';
import { gridPoints } from '../space/grid.js';
import { isValidParams } from '../space/validity.js';
import { canonicalJson } from '../space/values.js';
import { mustParse } from '../testing/drive.js';
import { METHODS, SAMPLERS } from './registry.js';

/**
 * Registry-level checks every sampler gets for free (the property-based suite in
 * samplers.test.ts runs every registered sampler too): small fixed sweeps in a discrete space,
 * so they are cheap and readable when they fail.
 */

const SMALL = { a: { values: [1, 2, 3] }, b: { values: ['x', 'y'] }, c: { min: 1, max: 2, distribution: 'int_uniform' } };

function sweep(method: string) {
  return mustParse({ method, metric: { name: 'loss', goal: 'minimize' }, parameters: SMALL, max_concurrent: 100, ...SAMPLERS[method as keyof typeof SAMPLERS].exampleConfig });
}

function run(method: string, seed: number, roundTrip: boolean): { state: SearcherState; params: string[] } {
  const c = sweep(method);
  let state = initSearcher(c, seed);
  const params: string[] = [];
  for (let i = 0; i < 12 && !state.exhausted; i++) {
    const out = searcherStep(c, state, { type: 'request', count: 1 });
    state = roundTrip ? (JSON.parse(JSON.stringify(out.state)) as SearcherState) : out.state;
    const made = out.actions.find((a) => a.type === 'create');
    if (made?.type !== 'create') break;
    params.push(canonicalJson(made.params));
    const value = Number(made.params['a']) + (made.params['b'] === 'x' ? 0.5 : 0) + i / 100;
    const reported = searcherStep(c, state, { type: 'report', trial: made.trial, step: 2, value, checkpoint: true }).state;
    const done = searcherStep(c, reported, { type: 'finished', trial: made.trial, state: 'completed', value });
    state = roundTrip ? (JSON.parse(JSON.stringify(done.state)) as SearcherState) : done.state;
  }
  return { state, params };
}

test('the registry: one sampler per method, keyed by its own name, with a summary', () => {
  assert.deepEqual(Object.keys(SAMPLERS), [...METHODS]);
  for (const m of METHODS) {
    assert.equal(SAMPLERS[m].method, m);
    assert.ok(SAMPLERS[m].summary.length > 10, m);
  }
});

test('the config accepts exactly the registered methods and lists them when refusing one', () => {
  const r = parseSweepConfig({ method: 'hyperopt', parameters: SMALL });
  assert.ok(!r.ok);
  assert.ok(r.problems.some((p) => p.path === 'method' && p.message.includes(`use one of ${METHODS.join(', ')}`)), JSON.stringify(r.problems));
  for (const m of METHODS) {
    const noMetric = parseSweepConfig({ method: m, parameters: SMALL, ...SAMPLERS[m].exampleConfig });
    assert.equal(noMetric.ok, !SAMPLERS[m].needsMetric, `${m}: metric required iff the sampler learns from results`);
  }
});

test("the README's method table lists exactly the registered methods", () => {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith('| `method` |'));
  assert.ok(row, 'README has a `method` row');
  const listed = [...row.split('|')[2]!.matchAll(/`([a-z]+)`/g)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...METHODS].sort());
});

test("the core README's sampler table covers exactly the registered methods", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Samplers (`method`)')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  const listed = rows.flatMap((l) => [...l.split('|')[1]!.matchAll(/`([a-z]+)`/g)].map((m) => m[1]));
  assert.deepEqual([...listed].sort(), [...METHODS].sort());
});

for (const method of METHODS) {
  test(`${method}: valid params, deterministic per seed, JSON state, no repeats in a small space`, () => {
    const c = sweep(method);
    const a = run(method, 11, true);
    const b = run(method, 11, false);
    assert.deepEqual(a.params, b.params, 'same seed, same proposals (with or without a JSON round trip)');
    assert.deepEqual(JSON.parse(JSON.stringify(a.state)), JSON.parse(JSON.stringify(b.state)));
    assert.ok(a.params.length > 0, 'proposes something');
    for (const rec of Object.values(a.state.trials)) assert.ok(isValidParams(c.space, rec.params), JSON.stringify(rec.params));
    assert.equal(a.state.version, 2);
    assert.equal(typeof a.state.sampler, 'object');
    const size = [...gridPoints(c.space)].length;
    if (SAMPLERS[method].avoidsRepeats || SAMPLERS[method].discreteOnly) {
      const n = Math.min(a.params.length, size);
      assert.equal(new Set(a.params.slice(0, n)).size, n, `repeats within the first ${n} of ${size} points`);
    }
  });
}

test('sampler tuning flows from the caller; the defaults are read-only and the same as passing nothing', async () => {
  const { GP_DEFAULTS } = await import('./gp.js');
  const { TPE_DEFAULTS } = await import('./tpe/tpe.js');
  const { TR_DEFAULTS } = await import('./trust-region.js');
  for (const d of [GP_DEFAULTS, TPE_DEFAULTS, TR_DEFAULTS]) assert.ok(Object.isFrozen(d));
  assert.throws(() => {
    (TPE_DEFAULTS as { candidates: number }).candidates = 1;
  }, TypeError);
  const c = mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1.5 }, y: { min: 0, max: 1.5 } } });
  const proposals = (options: Parameters<typeof searcherStep>[3]) => {
    let state = initSearcher(c, 3);
    const out: unknown[] = [];
    for (let i = 0; i < 9; i++) {
      const r = searcherStep(c, state, { type: 'request', count: 1 }, options);
      const made = r.actions.find((a) => a.type === 'create');
      assert.ok(made?.type === 'create');
      out.push(made.params);
      const p = made.params as { x: number; y: number };
      state = searcherStep(c, r.state, { type: 'finished', trial: made.trial, state: 'completed', value: (p.x - 0.3) ** 2 + (p.y - 0.6) ** 2 }, options).state;
    }
    return out;
  };
  const plain = proposals(undefined);
  assert.deepEqual(proposals({ gp: { ...GP_DEFAULTS }, tpe: { ...TPE_DEFAULTS }, trustRegion: { ...TR_DEFAULTS } }), plain);
  assert.notDeepEqual(proposals({ gp: { strategy: 'global', lsScale: 3 } }), plain);
});
