/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSweepConfig } from '../config/parse.js';
import type { SweepConfig } from '../config/types.js';
import { Rng } from '../rng.js';
import { anySpec, gridSpec, parametersOf } from '../testing/arbitraries.js';
import { decode, encode } from './encode.js';
import { gridPointAt, gridPoints, gridSize } from './grid.js';
import { sampleParams } from './sample.js';
import type { Params, Space } from './types.js';
import { isValidParams } from './validity.js';
import { canonicalJson } from './values.js';

function spaceOf(parameters: Record<string, unknown>, method = 'random'): Space {
  const result = parseSweepConfig({ method, parameters });
  if (!result.ok) assert.fail(`generated config rejected: ${JSON.stringify(result.problems)}`);
  return (result.config as SweepConfig).space;
}

function close(space: Space, a: Params, b: Params): boolean {
  return space.every((dim) => {
    const x = a[dim.name];
    const y = b[dim.name];
    if (typeof x === 'number' && typeof y === 'number') {
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), dim.sigma ?? 0);
    }
    return canonicalJson(x) === canonicalJson(y);
  });
}

test('every sample is valid', () => {
  fc.assert(
    fc.property(parametersOf(anySpec), fc.integer(), (parameters, seed) => {
      const space = spaceOf(parameters);
      const rng = Rng.fromSeed(seed);
      for (let i = 0; i < 10; i++) {
        const p = sampleParams(space, rng);
        assert.ok(isValidParams(space, p), `invalid sample ${JSON.stringify(p)} for ${JSON.stringify(space)}`);
      }
    }),
  );
});

test('encode lands in the unit cube and decode(encode(p)) round-trips', () => {
  fc.assert(
    fc.property(parametersOf(anySpec), fc.integer(), (parameters, seed) => {
      const space = spaceOf(parameters);
      const rng = Rng.fromSeed(seed);
      for (let i = 0; i < 10; i++) {
        const p = sampleParams(space, rng);
        const u = encode(space, p);
        assert.equal(u.length, space.length);
        assert.ok(u.every((x) => x >= 0 && x <= 1), `out of cube: ${u}`);
        const back = decode(space, u);
        assert.ok(close(space, p, back), `${JSON.stringify(p)} -> ${JSON.stringify(back)}`);
      }
    }),
  );
});

test('decode of any point in the cube (faces included) is valid', () => {
  fc.assert(
    fc.property(parametersOf(anySpec), fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)), { minLength: 5, maxLength: 5 }), (parameters, coords) => {
      const space = spaceOf(parameters);
      const p = decode(space, coords.slice(0, space.length));
      assert.ok(isValidParams(space, p), JSON.stringify({ p, space }));
    }),
  );
});

function valuesOf(spec: Record<string, unknown>): unknown[] {
  if ('values' in spec) return spec['values'] as unknown[];
  if ('value' in spec) return [spec['value']];
  const min = spec['min'] as number;
  const max = spec['max'] as number;
  const q = spec['q'] as number | undefined;
  if (q === undefined) return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  // A multiple of q is in the grid when it lies within the bounds give or take a tolerance relative
  // to the bound (as the space's bound check has it), not relative to q: with min 1e-9 and q 5, 0 is out.
  const within = (x: number): boolean => x >= min - 1e-9 * Math.max(1, Math.abs(min)) && x <= max + 1e-9 * Math.max(1, Math.abs(max));
  const out: number[] = [];
  for (let k = Math.ceil(min / q - 1e-9) - 1; k <= Math.floor(max / q + 1e-9) + 1; k++) {
    const x = Number((k * q).toPrecision(15));
    if (within(x)) out.push(x);
  }
  return out;
}

test('grid enumerates exactly the cartesian product, in nested-loop order', () => {
  fc.assert(
    fc.property(parametersOf(gridSpec, 4), (parameters) => {
      const space = spaceOf(parameters, 'grid');
      let expected: Params[] = [{}];
      for (const [name, spec] of Object.entries(parameters)) {
        expected = expected.flatMap((prefix) => valuesOf(spec as Record<string, unknown>).map((v) => ({ ...prefix, [name]: v })));
      }
      const points = [...gridPoints(space)];
      assert.equal(gridSize(space), expected.length);
      assert.deepEqual(points.map(canonicalJson), expected.map(canonicalJson));
      points.forEach((p, i) => {
        assert.ok(isValidParams(space, p));
        assert.deepEqual(gridPointAt(space, i), p);
      });
    }),
  );
});

test('grid size is Infinity for continuous spaces and gridPoints refuses them', () => {
  const space = spaceOf({ lr: { min: 0.001, max: 0.1 }, n: { values: [1, 2] } });
  assert.equal(gridSize(space), Infinity);
  assert.throws(() => [...gridPoints(space)], { code: 'SPACE_INVALID' });
});

test('isValidParams rejects missing, extra, and out-of-space values', () => {
  const space = spaceOf({
    n: { min: 1, max: 5 },
    lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 },
    opt: { values: ['adam', 'sgd'] },
    bs: { distribution: 'q_uniform', min: 16, max: 128, q: 16 },
  });
  const ok = { n: 3, lr: 0.01, opt: 'adam', bs: 32 };
  assert.ok(isValidParams(space, ok));
  assert.ok(!isValidParams(space, { ...ok, n: 3.5 }));
  assert.ok(!isValidParams(space, { ...ok, n: 6 }));
  assert.ok(!isValidParams(space, { ...ok, lr: 0.5 }));
  assert.ok(!isValidParams(space, { ...ok, opt: 'rmsprop' }));
  assert.ok(!isValidParams(space, { ...ok, bs: 40 }));
  assert.ok(!isValidParams(space, { n: 3, lr: 0.01, opt: 'adam' }));
  assert.ok(!isValidParams(space, { ...ok, extra: 1 }));
});

test('deprecated log_uniform takes exponents: samples lie in [e^min, e^max]', () => {
  const space = spaceOf({ lr: { distribution: 'log_uniform', min: -11, max: -2 } });
  const dim = space[0]!;
  assert.equal(dim.scale, 'log');
  assert.ok(Math.abs(dim.low! - Math.exp(-11)) < 1e-18 && Math.abs(dim.high! - Math.exp(-2)) < 1e-15);
  const rng = Rng.fromSeed(3);
  for (let i = 0; i < 100; i++) {
    const lr = sampleParams(space, rng)['lr'] as number;
    assert.ok(lr >= Math.exp(-11) && lr <= Math.exp(-2));
  }
});

test('categorical probabilities steer sampling', () => {
  const space = spaceOf({ c: { values: ['a', 'b'], probabilities: [0.9, 0.1] } });
  const rng = Rng.fromSeed(11);
  let a = 0;
  for (let i = 0; i < 2000; i++) if (sampleParams(space, rng)['c'] === 'a') a++;
  assert.ok(a > 1700 && a < 1900, `got ${a}`);
});

test('q_uniform with a bound far smaller than q decodes inside the bounds (found by the property above)', () => {
  const space = spaceOf({ p0: { distribution: 'q_uniform', min: 1.0000000000000003e-9, max: 5.000000001, q: 5 } });
  for (const u of [0, 0.5, 1]) {
    const p = decode(space, [u]);
    assert.deepEqual(p, { p0: 5 });
    assert.ok(isValidParams(space, p));
  }
});

test('grid of a q_uniform with a bound far smaller than q holds only values inside the bounds (found by the grid property)', () => {
  const space = spaceOf({ p0: { distribution: 'q_uniform', min: 1.0000000000000003e-9, max: 5.000000001, q: 5 }, p1: { values: [{}] } }, 'grid');
  assert.deepEqual([...gridPoints(space)], [{ p0: 5, p1: {} }]);
  assert.equal(gridSize(space), 1);
});

test('grid of a q_uniform whose max falls just short of a multiple of q keeps that multiple, as the bound check does (found by the grid property)', () => {
  const space = spaceOf({ p0: { distribution: 'q_uniform', min: -9.999999960041974e-12, max: 0.00999999999, q: 0.01 } }, 'grid');
  const points = [...gridPoints(space)];
  assert.deepEqual(points, [{ p0: 0 }, { p0: 0.01 }]);
  for (const p of points) assert.ok(isValidParams(space, p));
});
