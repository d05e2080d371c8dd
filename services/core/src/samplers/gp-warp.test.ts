/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import type { Params } from '../space/types.js';
import { mustParse } from '../testing/drive.js';
import { featureSpace } from './features.js';
import { proposeGp } from './gp.js';
import type { History } from './history.js';

/** The GP's choice of output map reaches its cache, which the next ask reads (gp/fit-warped.ts). */

const parameters = { x: { distribution: 'uniform', min: -10, max: 10 }, y: { distribution: 'uniform', min: -10, max: 10 } };
const fs = featureSpace(mustParse({ method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, parameters }).space);
// Dixon-Price in two dimensions: a valley a few units deep under walls up to 1e5.
const valley = (p: Params): number => ((p['x'] as number) - 1) ** 2 + 2 * (2 * (p['y'] as number) ** 2 - (p['x'] as number)) ** 2;

function history(n: number, seed: number): History {
  const rng = Rng.fromSeed(seed);
  const observed = Array.from({ length: n }, () => {
    const params = { x: -10 + 20 * rng.float(), y: -10 + 20 * rng.float() };
    return { params, y: valley(params) };
  });
  return { observed, pending: [], failed: [], costs: [], infeasible: [] };
}

test('a valley makes the GP take the log map, and its cache says so for the next ask', () => {
  const h = history(40, 1);
  const first = proposeGp(fs, h, Rng.fromSeed(2), undefined);
  assert.ok(first);
  assert.equal(first.cache.transform, 'log');
  assert.equal(first.cache.n, 40);
  // Past 60 observations with a cached map, the map is kept rather than chosen again.
  const long = history(70, 3);
  const kept = proposeGp(fs, long, Rng.fromSeed(4), { ...first.cache, transform: 'robust' });
  assert.equal(kept?.cache.transform, 'robust');
  const chosen = proposeGp(fs, long, Rng.fromSeed(4), { ...first.cache, transform: undefined });
  assert.equal(chosen?.cache.transform, 'log');
});
