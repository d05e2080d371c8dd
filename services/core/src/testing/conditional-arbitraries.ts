import fc from 'fast-check';
import type { Dimension, Params, Space } from '../space/types.js';
import { sameValue } from '../space/values.js';
import { anySpec, gridSpec } from './arbitraries.js';

/**
 * fast-check generators of conditional `parameters` mappings: a gating choice at the root,
 * children conditioned on subsets of its values, and (sometimes) a gating child of its own
 * with grandchildren, so chains of conditions are exercised. Shared by property tests.
 */

const gateValues = fc.constantFrom<unknown[]>(['a', 'b'], ['a', 'b', 'c'], [1, 2, 4], [true, false]);

function subsetOf(values: unknown[]): fc.Arbitrary<unknown[]> {
  return fc.subarray(values, { minLength: 1 });
}

/** `leaf` is the spec arbitrary for ordinary parameters (any spec, or grid-able ones). */
export function conditionalParameters(leaf: fc.Arbitrary<Record<string, unknown>> = anySpec): fc.Arbitrary<Record<string, unknown>> {
  return gateValues.chain((top) =>
    fc
      .record({
        root: fc.array(leaf, { maxLength: 2 }),
        children: fc.array(fc.tuple(leaf, subsetOf(top)), { minLength: 1, maxLength: 3 }),
        nested: fc.option(fc.tuple(subsetOf(top), gateValues.chain((inner) => fc.tuple(fc.constant(inner), fc.array(fc.tuple(leaf, subsetOf(inner)), { minLength: 1, maxLength: 2 }))))),
        gateFirst: fc.boolean(),
      })
      .map(({ root, children, nested, gateFirst }) => {
        const out: Record<string, unknown> = {};
        // A parent may be declared after its children: order must not matter.
        if (gateFirst) out['gate'] = { values: top };
        root.forEach((s, i) => (out[`r${i}`] = s));
        children.forEach(([s, values], i) => (out[`c${i}`] = { ...s, when: { parameter: 'gate', values } }));
        if (nested) {
          const [values, [inner, grandchildren]] = nested;
          out['sub'] = { values: inner, when: { parameter: 'gate', values } };
          grandchildren.forEach(([s, v], i) => (out[`g${i}`] = { ...s, when: { parameter: 'sub', values: v } }));
        }
        if (!gateFirst) out['gate'] = { values: top };
        return out;
      }),
  );
}

export const conditionalGridParameters = conditionalParameters(gridSpec as fc.Arbitrary<Record<string, unknown>>);

/** The names that exist for `params`, by the definition (written independently of the core's). */
export function expectedActive(space: Space, params: Params): Set<string> {
  const byName = new Map(space.map((d) => [d.name, d]));
  const active = (d: Dimension): boolean => {
    if (!d.condition) return true;
    const parent = byName.get(d.condition.parent)!;
    return active(parent) && d.condition.parent in params && d.condition.values.some((v) => sameValue(v, params[d.condition!.parent]));
  };
  return new Set(space.filter(active).map((d) => d.name));
}
