import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { metricPointSchema, PROTOCOL_VERSION } from './messages.js';
import { decodeTelemetry, metricPointProblem } from './telemetry-decode.js';

const envelope = {
  v: PROTOCOL_VERSION, trialId: '00000000-0000-4000-8000-000000000001', sweepId: '00000000-0000-4000-8000-000000000002',
  leaseToken: 'l'.repeat(24), attempt: 1, agentId: 'a', seq: 3,
};
const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('decodeTelemetry', () => {
  it('keeps the valid points of a metrics message whose one value overflowed to null', () => {
    // What an agent that passed 1e309 through sends: JSON.stringify(Infinity) is null.
    const d = decodeTelemetry(encode({ ...envelope, type: 'metrics', points: [
      { key: 'acc', step: 3, value: 1e309, t: 1 },
      { key: 'f1', step: 3, value: 0.5, t: 1 },
    ] }));
    assert.ok(d.ok);
    assert.equal(d.value.type, 'metrics');
    assert.deepEqual(d.value.type === 'metrics' && d.value.points, [{ key: 'f1', step: 3, value: 0.5, t: 1 }]);
    assert.deepEqual(d.refused, [{ index: 0, key: 'acc', step: 3, reason: 'value must be a finite number' }]);
  });

  it('refuses a whole message only when its envelope is wrong', () => {
    assert.equal(decodeTelemetry(new TextEncoder().encode('{nope')).ok, false);
    assert.equal(decodeTelemetry(encode({ ...envelope, type: 'metrics', points: [] })).ok, false);
    assert.equal(decodeTelemetry(encode({ ...envelope, trialId: 'x', type: 'metrics', points: [{ key: 'a', step: 0, value: 1, t: 0 }] })).ok, false);
  });

  it('keeps a finished message whose infeasible part is malformed, without that part; older agents send none', () => {
    const finished = { ...envelope, type: 'finished', status: 'failed', exitCode: 1, logTail: [], at: 5 };
    const good = decodeTelemetry(encode({ ...finished, infeasible: { reason: 'out_of_memory', evidence: 'CUDA out of memory' } }));
    assert.ok(good.ok && good.value.type === 'finished');
    assert.deepEqual(good.value.infeasible, { reason: 'out_of_memory', evidence: 'CUDA out of memory' });
    assert.equal(good.ignored, undefined);
    for (const infeasible of [{ reason: 'too_big', evidence: 'x' }, { reason: 'trainer', evidence: 'e'.repeat(2001) }, true]) {
      const bad = decodeTelemetry(encode({ ...finished, infeasible }));
      assert.ok(bad.ok && bad.value.type === 'finished');
      assert.equal('infeasible' in bad.value, false);
      assert.equal(bad.value.status, 'failed');
      assert.match(bad.ignored ?? '', /infeasible must be/);
    }
    const older = decodeTelemetry(encode(finished));
    assert.ok(older.ok && older.value.type === 'finished' && older.value.infeasible === undefined && older.ignored === undefined);
  });

  it('drops fields a sender added to a point', () => {
    const d = decodeTelemetry(encode({ ...envelope, type: 'metrics', points: [{ key: 'a', step: 0, value: 1, t: 0, extra: 'x'.repeat(1000) }] }));
    assert.ok(d.ok && d.value.type === 'metrics');
    assert.deepEqual(d.value.points, [{ key: 'a', step: 0, value: 1, t: 0 }]);
  });

  it('cuts what it quotes of a refused point', () => {
    const d = decodeTelemetry(encode({ ...envelope, type: 'metrics', points: [{ key: 'k'.repeat(5000), step: 0, value: 1, t: 0 }] }));
    assert.ok(d.ok);
    assert.equal(d.refused[0]!.reason, 'key must be a string of 1-200 characters');
    assert.ok(d.refused[0]!.key.length <= 101);
  });
});

describe('metricPointProblem', () => {
  it('accepts exactly what metricPointSchema accepts', () => {
    const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-1, 0, 2 ** 31 - 1, 2 ** 31, 1.5, 8.64e15, 8.64e15 + 1, Number.MAX_SAFE_INTEGER));
    const anyValue = fc.oneof(num, fc.string(), fc.constant(null), fc.boolean(), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 2 }));
    const key = fc.oneof(fc.string({ minLength: 0, maxLength: 5 }), fc.string({ minLength: 195, maxLength: 205 }), anyValue);
    const point = fc.oneof(
      fc.record({ key, step: anyValue, value: anyValue, t: anyValue }, { requiredKeys: [] }),
      fc.record({ key: fc.string({ minLength: 1, maxLength: 10 }), step: fc.nat(), value: fc.double(), t: fc.nat() }),
      anyValue,
    );
    fc.assert(fc.property(point, (p) => {
      assert.equal(metricPointProblem(p) === null, metricPointSchema.safeParse(p).success, JSON.stringify(p));
    }), { numRuns: 2000 });
  });
});
