import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLenientJson } from './lenient-json.js';
import { ReportParser } from './reports.js';

const T = 1_700_000_000_000;

describe('ReportParser', () => {
  it('passes plain lines through as logs', () => {
    assert.deepEqual(new ReportParser().parse('epoch 1 done', T), { kind: 'log', line: 'epoch 1 done' });
    assert.deepEqual(new ReportParser().parse('@annealing is fun', T), { kind: 'log', line: '@annealing is fun' });
  });

  it('turns numeric fields into points at the explicit step', () => {
    const r = new ReportParser().parse('@anneal {"step": 7, "loss": 0.5, "acc": 1}', T);
    assert.deepEqual(r, {
      kind: 'report',
      points: [
        { key: 'loss', step: 7, value: 0.5, t: T },
        { key: 'acc', step: 7, value: 1, t: T },
      ],
      warnings: [],
    });
  });

  it('reads a bare infeasible line as a verdict, not a point, and leaves the step where it was', () => {
    const p = new ReportParser();
    p.parse('@anneal {"loss": 1}', T);
    assert.deepEqual(p.parse('@anneal {"infeasible": true}', T), { kind: 'report', points: [], warnings: [], infeasible: true });
    const next = p.parse('@anneal {"loss": 0.5}', T);
    assert.equal(next.kind === 'report' ? next.points[0]?.step : -1, 1);
    const bad = p.parse('@anneal {"infeasible": "yes"}', T);
    assert.equal(bad.kind === 'report' ? bad.infeasible : 'log', undefined);
    assert.match(bad.kind === 'report' ? bad.warnings[0] ?? '' : '', /'infeasible' must be true or false/);
  });

  it('auto-increments steps from 0 and continues after explicit ones', () => {
    const p = new ReportParser();
    const steps = ['{"a":1}', '{"a":1}', '{"_step":10,"a":1}', '{"a":1}', '{"step":3,"a":1}', '{"a":1}'].map((j) => {
      const r = p.parse(`@anneal ${j}`, T);
      assert.equal(r.kind, 'report');
      return r.kind === 'report' ? r.points[0]!.step : -1;
    });
    assert.deepEqual(steps, [0, 1, 10, 11, 3, 4]);
  });

  it('ignores non-numeric fields with one warning per field', () => {
    const p = new ReportParser();
    const first = p.parse('@anneal {"loss": 1, "phase": "train", "ok": true}', T);
    const second = p.parse('@anneal {"loss": 2, "phase": "eval"}', T);
    assert.ok(first.kind === 'report' && second.kind === 'report');
    assert.deepEqual(first.points.map((x) => x.key), ['loss']);
    assert.equal(first.warnings.length, 2);
    assert.match(first.warnings[0]!, /'phase'.*string/);
    assert.deepEqual(second.warnings, []);
  });

  it('keeps invalid reports as log lines with a warning', () => {
    const p = new ReportParser();
    for (const line of ['@anneal {"loss": ', '@anneal [1,2]', '@anneal', '@anneal {"step": -1, "a": 1}', '@anneal {"step": 1.5}']) {
      const r = p.parse(line, T);
      assert.equal(r.kind, 'log', line);
      assert.ok(r.kind === 'log' && r.line === line && r.warning !== undefined, line);
    }
    // A rejected step does not move the implicit counter.
    const next = p.parse('@anneal {"a": 1}', T);
    assert.ok(next.kind === 'report' && next.points[0]!.step === 0);
  });

  it('accepts Python NaN and Infinity, ignoring those fields', () => {
    const r = new ReportParser().parse('@anneal {"loss": NaN, "acc": 0.5, "gn": -Infinity, "note": "NaN"}', T);
    assert.ok(r.kind === 'report');
    assert.deepEqual(r.points.map((x) => x.key), ['acc']);
    assert.equal(r.warnings.length, 3);
  });

  it('drops a value that overflows to Infinity (1e309) and keeps the rest of the line', () => {
    const r = new ReportParser().parse('@anneal {"step": 3, "acc": 1e309, "f1": 0.5, "neg": -1e400}', T);
    assert.ok(r.kind === 'report');
    assert.deepEqual(r.points, [{ key: 'f1', step: 3, value: 0.5, t: T }]);
    assert.deepEqual(r.warnings, [
      "metric field 'acc' ignored: the value Infinity is not finite (out of the float64 range)",
      "metric field 'neg' ignored: the value -Infinity is not finite (out of the float64 range)",
    ]);
  });

  it('accepts a report without a space after the prefix', () => {
    const r = new ReportParser().parse('@anneal{"a": 2}', T);
    assert.ok(r.kind === 'report' && r.points.length === 1);
  });

  it('recognises checkpoint reports, at their step or at the last reported one', () => {
    const p = new ReportParser();
    assert.deepEqual(p.parse('@anneal {"checkpoint": true}', T), { kind: 'report', points: [], warnings: [], checkpoint: { step: 0 } });
    p.parse('@anneal {"loss": 1}', T);
    p.parse('@anneal {"loss": 1}', T);
    // A bare checkpoint line saves where the trainer is and does not use up a step.
    assert.deepEqual(p.parse('@anneal {"checkpoint": true}', T), { kind: 'report', points: [], warnings: [], checkpoint: { step: 1 } });
    const r = p.parse('@anneal {"loss": 0.5}', T);
    assert.ok(r.kind === 'report' && r.points[0]!.step === 2);
    assert.deepEqual(p.parse('@anneal {"checkpoint": true, "step": 40}', T), { kind: 'report', points: [], warnings: [], checkpoint: { step: 40 } });
    const both = p.parse('@anneal {"checkpoint": true, "val": 3}', T);
    assert.deepEqual(both, { kind: 'report', points: [{ key: 'val', step: 41, value: 3, t: T }], warnings: [], checkpoint: { step: 41 } });
  });

  it('takes no checkpoint for false and warns about a non-boolean flag', () => {
    const p = new ReportParser();
    assert.deepEqual(p.parse('@anneal {"checkpoint": false, "step": 3}', T), { kind: 'report', points: [], warnings: [] });
    const r = p.parse('@anneal {"checkpoint": "yes", "step": 4}', T);
    assert.ok(r.kind === 'report' && r.checkpoint === undefined);
    assert.match(r.warnings[0] ?? '', /must be true or false/);
  });
});

describe('parseLenientJson', () => {
  it('leaves strings that contain the words alone', () => {
    assert.deepEqual(parseLenientJson('{"s": "NaN \\"Infinity\\"", "x": Infinity}'), { s: 'NaN "Infinity"', x: null });
  });
  it('still rejects garbage', () => {
    assert.throws(() => parseLenientJson('{nope}'), SyntaxError);
  });
});

describe('info reports', () => {
  it('reads facts about the run apart from metrics', () => {
    const r = new ReportParser().parse('@anneal {"info": {"tfjs_backend": "wasm", "threads": 1}}', T);
    assert.deepEqual(r, { kind: 'report', points: [], warnings: [], info: { tfjs_backend: 'wasm', threads: 1 } });
  });
  it('warns about facts it cannot keep', () => {
    const r = new ReportParser().parse('@anneal {"info": {"ok": true, "nested": {"a": 1}}}', T);
    assert.equal(r.kind, 'report');
    if (r.kind !== 'report') return;
    assert.deepEqual(r.info, { ok: true });
    assert.match(r.warnings[0]!, /info 'nested' ignored/);
    const bad = new ReportParser().parse('@anneal {"info": "wasm"}', T);
    assert.ok(bad.kind === 'report' && bad.info === undefined && /must be an object/.test(bad.warnings[0]!));
  });
});
