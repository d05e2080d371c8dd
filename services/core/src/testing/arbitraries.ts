import fc from 'fast-check';

/**
 * fast-check generators of valid W&B parameter specs, shared by the property tests. Lives
 * outside a test file so several suites can use it; nothing in the library imports it.
 */

const Q_STEPS = [0.01, 0.1, 0.25, 0.5, 1, 2, 5];

const scalar = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constant(null),
);
const choice = fc.oneof(scalar, fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 9 })));

const qStep = fc.constantFrom(...Q_STEPS);
const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

export const categoricalSpec = fc
  .tuple(fc.array(choice, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 6, maxLength: 6 }))
  .map(([values, weighted, w]) => {
    if (!weighted) return { values };
    const raw = w.slice(0, values.length);
    const total = raw.reduce((a, b) => a + b, 0);
    return { values, probabilities: raw.map((x) => x / total) };
  });

export const constantSpec = choice.map((value) => ({ value }));

export const intSpec = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.boolean())
  .map(([min, span, explicit]) => ({ ...(explicit ? { distribution: 'int_uniform' } : {}), min, max: min + span }));

export const qUniformSpec = fc.tuple(qStep, finite(-1000, 1000), fc.integer({ min: 1, max: 50 }))
  .map(([q, min, steps]) => ({ distribution: 'q_uniform', min, max: min + q * steps, q }));

export const continuousSpec = fc.oneof(
  fc.tuple(finite(-1e6, 1e6), finite(1e-3, 1e6)).map(([min, w]) => ({ distribution: 'uniform', min, max: min + w })),
  fc.tuple(finite(1e-8, 1e3), finite(1.01, 1e6)).map(([min, r]) => ({ distribution: 'log_uniform_values', min, max: min * r })),
  fc.tuple(finite(1e-8, 1e3), finite(1.01, 1e6)).map(([min, r]) => ({ distribution: 'inv_log_uniform_values', min, max: min * r })),
  fc.tuple(finite(-20, 5), finite(0.1, 10)).map(([min, w]) => ({ distribution: 'log_uniform', min, max: min + w })),
  fc.tuple(qStep, fc.integer({ min: 1, max: 100 }), finite(1.5, 1e4)).map(([q, k, r]) => ({ distribution: 'q_log_uniform_values', min: q * k, max: q * k * r, q })),
  fc.tuple(finite(-100, 100), finite(0.01, 100)).map(([mu, sigma]) => ({ distribution: 'normal', mu, sigma })),
  fc.tuple(finite(-100, 100), finite(0.01, 100), qStep).map(([mu, sigma, q]) => ({ distribution: 'q_normal', mu, sigma, q })),
  fc.tuple(finite(-5, 5), finite(0.1, 2)).map(([mu, sigma]) => ({ distribution: 'log_normal', mu, sigma })),
  fc.tuple(finite(0.2, 5), finite(0.2, 5)).map(([a, b]) => ({ distribution: 'beta', a, b })),
);

export const discreteSpec = fc.oneof(categoricalSpec, constantSpec, intSpec.filter((s) => s.max - s.min <= 20), qUniformSpec.filter((s) => s.max - s.min <= 10 * s.q));

/** What a grid accepts: discrete specs without probabilities (they mean nothing to a grid, which refuses them). */
export const gridSpec = discreteSpec.map((s) => {
  const { probabilities: _dropped, ...rest } = s as Record<string, unknown>;
  return rest;
});

export const anySpec = fc.oneof(discreteSpec, intSpec, qUniformSpec, continuousSpec);

/** A `parameters` mapping with 1..n uniquely named entries. */
export function parametersOf(spec: fc.Arbitrary<Record<string, unknown>>, maxLength = 5): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(spec, { minLength: 1, maxLength }).map((specs) => Object.fromEntries(specs.map((s, i) => [`p${i}`, s])));
}
