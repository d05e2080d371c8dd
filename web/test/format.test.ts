import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MISSING,
  formatCompactNumber,
  formatDateTime,
  formatMetric,
  formatObjective,
  formatParamValue,
  pluralize,
  readableConfig,
  statusClass,
  trialCountDetails,
} from '../src/lib/format.ts';

describe('formatObjective', () => {
  it('shows 4 significant digits', () => {
    assert.equal(formatObjective(0.123456), '0.1235');
    assert.equal(formatObjective(1.23456), '1.235');
    assert.equal(formatObjective(12.5), '12.50');
    assert.equal(formatObjective(1234.56), '1235');
    assert.equal(formatObjective(0.00123456), '0.001235');
    assert.equal(formatObjective(-0.98765), '-0.9877');
  });

  it('keeps large values readable without exponent below a million', () => {
    assert.equal(formatObjective(12345.6), '12350');
    assert.equal(formatObjective(123456), '123500');
  });

  it('uses compact exponents for very small and very large values', () => {
    assert.equal(formatObjective(0.000012346), '1.235e-5');
    assert.equal(formatObjective(0.0001), '1e-4');
    assert.equal(formatObjective(2.5e9), '2.5e9');
    assert.equal(formatObjective(-3.14159e-7), '-3.142e-7');
  });

  it('handles zero, missing and non-finite values', () => {
    assert.equal(formatObjective(0), '0');
    assert.equal(formatObjective(-0), '0');
    assert.equal(formatObjective(null), MISSING);
    assert.equal(formatObjective(undefined), MISSING);
    assert.equal(formatObjective(Number.NaN), 'NaN');
    assert.equal(formatObjective(Infinity), '∞');
    assert.equal(formatObjective(-Infinity), '−∞');
  });
});

describe('formatCompactNumber', () => {
  it('prints integers as they are', () => {
    assert.equal(formatCompactNumber(32), '32');
    assert.equal(formatCompactNumber(-4), '-4');
    assert.equal(formatCompactNumber(100000), '100000');
  });

  it('rounds fractions to 4 significant digits without trailing zeros', () => {
    assert.equal(formatCompactNumber(0.01), '0.01');
    assert.equal(formatCompactNumber(0.5), '0.5');
    assert.equal(formatCompactNumber(0.123456), '0.1235');
    assert.equal(formatCompactNumber(0.1 + 0.2), '0.3');
  });

  it('uses exponents for tiny and huge values', () => {
    assert.equal(formatCompactNumber(3e-5), '3e-5');
    assert.equal(formatCompactNumber(1.5e-4), '1.5e-4');
    assert.equal(formatCompactNumber(0.000123456), '1.235e-4');
    assert.equal(formatCompactNumber(2_000_000), '2e6');
    assert.equal(formatCompactNumber(1_234_567), '1.235e6');
  });
});

describe('formatParamValue', () => {
  it('formats each JSON type compactly', () => {
    assert.equal(formatParamValue(0.001), '0.001');
    assert.equal(formatParamValue(1e-5), '1e-5');
    assert.equal(formatParamValue('adamw'), 'adamw');
    assert.equal(formatParamValue(true), 'true');
    assert.equal(formatParamValue(false), 'false');
    assert.equal(formatParamValue(null), 'null');
    assert.equal(formatParamValue([64, 128]), '[64,128]');
    assert.equal(formatParamValue({}), '{}');
  });

  it('marks a parameter the trial does not have', () => {
    assert.equal(formatParamValue(undefined), MISSING);
  });
});

describe('formatDateTime', () => {
  it('prints UTC minutes', () => {
    assert.equal(formatDateTime('2025-03-04T05:06:07.890Z'), '2025-03-04 05:06:07 UTC');
    assert.equal(formatDateTime('2025-12-31T23:59:59+02:00'), '2025-12-31 21:59:59 UTC');
  });

  it('passes through what it cannot parse and marks missing values', () => {
    assert.equal(formatDateTime('yesterday'), 'yesterday');
    assert.equal(formatDateTime(null), MISSING);
    assert.equal(formatDateTime(''), MISSING);
  });
});

describe('formatMetric', () => {
  it('adds the direction of the goal', () => {
    assert.equal(formatMetric('val_loss', 'minimize'), 'val_loss ↓');
    assert.equal(formatMetric('accuracy', 'maximize'), 'accuracy ↑');
    assert.equal(formatMetric('accuracy', 'MAXIMIZE'), 'accuracy ↑');
    assert.equal(formatMetric('score', null), 'score');
    assert.equal(formatMetric(null, 'minimize'), MISSING);
  });
});

describe('trialCountDetails', () => {
  it('lists the non-zero states other than completed', () => {
    const counts = { queued: 3, running: 2, completed: 10, pruned: 0, stopped: 0, failed: 1, total: 16 };
    assert.equal(trialCountDetails(counts), '2 running · 3 queued · 1 failed');
  });

  it("tells the searcher's early stops from a person's stop", () => {
    const counts = { queued: 0, running: 0, completed: 4, pruned: 2, stopped: 3, failed: 0, total: 9 };
    assert.equal(trialCountDetails(counts), '2 pruned · 3 stopped with the sweep');
  });

  it('is empty when everything completed', () => {
    const counts = { queued: 0, running: 0, completed: 5, pruned: 0, stopped: 0, failed: 0, total: 5 };
    assert.equal(trialCountDetails(counts), '');
  });
});

describe('small helpers', () => {
  it('statusClass lower-cases enum values', () => {
    assert.equal(statusClass('RUNNING'), 'running');
    assert.equal(statusClass('NOT_STARTED'), 'not-started');
  });

  it('pluralize', () => {
    assert.equal(pluralize(1, 'sweep'), '1 sweep');
    assert.equal(pluralize(0, 'sweep'), '0 sweeps');
    assert.equal(pluralize(2, 'query', 'queries'), '2 queries');
  });
});

it('readableConfig indents one-line JSON and leaves YAML and bad JSON as written', () => {
  assert.equal(readableConfig('{"method":"grid","parameters":{"x":{"values":[1]}}}'), '{\n  "method": "grid",\n  "parameters": {\n    "x": {\n      "values": [\n        1\n      ]\n    }\n  }\n}');
  const yaml = 'method: grid\nparameters:\n  x: {values: [1]}\n';
  assert.equal(readableConfig(yaml), yaml);
  assert.equal(readableConfig('{not json'), '{not json');
});
