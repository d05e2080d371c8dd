/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hypervolume } from '../../pareto/hypervolume.js';
import { HvImprovement } from './hv-improvement.js';

const point = (m: number) => fc.array(fc.double({ min: -1, max: 6, noNaN: true }), { minLength: m, maxLength: m });

test('the improvement of a point is HV(front with it) - HV(front), in 2 to 4 objectives', () => {
  fc.assert(fc.property(fc.integer({ min: 2, max: 4 }).chain((m) => fc.tuple(fc.constant(m), fc.array(point(m), { maxLength: 10 }), point(m))), ([m, front, z]) => {
    const ref = new Array<number>(m).fill(5);
    const expected = hypervolume([...front, z], ref) - hypervolume(front, ref);
    const got = new HvImprovement(front, ref).of(z);
    assert.ok(Math.abs(got - expected) < 1e-9 * Math.max(1, expected), `${got} vs ${expected}`);
  }), { numRuns: 300 });
});
