import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { TelemetryBody } from './outbox.js';
import { AGENT_NOTE_PREFIX, TrialTelemetry } from './trial-telemetry.js';

const logger = pino({ level: 'silent' });

function collector(): { sent: TelemetryBody[]; outbox: { send(b: TelemetryBody): void } } {
  const sent: TelemetryBody[] = [];
  return { sent, outbox: { send: (b) => sent.push(b) } };
}

describe('TrialTelemetry', () => {
  it('batches metrics and logs separately and flushes on close', () => {
    const { sent, outbox } = collector();
    const t = new TrialTelemetry(outbox, logger, () => 1000);
    t.stdout('hello');
    t.stdout('@anneal {"loss": 1}');
    t.stderr('warn!');
    t.stdout('@anneal {"loss": 0.5, "phase": "x"}');
    assert.equal(sent.length, 0);
    t.close();
    assert.deepEqual(sent[0], {
      type: 'metrics',
      points: [
        { key: 'loss', step: 0, value: 1, t: 1000 },
        { key: 'loss', step: 1, value: 0.5, t: 1000 },
      ],
    });
    assert.equal(sent[1]!.type, 'log');
    const lines = sent[1]!.type === 'log' ? sent[1]!.lines : [];
    assert.deepEqual(lines.slice(0, 2), ['hello', 'warn!']);
    assert.ok(lines[2]!.startsWith(`${AGENT_NOTE_PREFIX} metric field 'phase' ignored`));
    assert.deepEqual(t.tail.snapshot(), lines);
    t.stdout('after close');
    assert.equal(sent.length, 2);
  });

  it('takes an @anneal infeasible line as the trial\'s verdict, not a metric point, and sees OOM on stderr', () => {
    const { sent, outbox } = collector();
    const t = new TrialTelemetry(outbox, logger, () => 1000);
    t.stdout('@anneal {"loss": 1}');
    t.stderr('RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB');
    t.stdout('@anneal {"infeasible": true}');
    t.stdout('@anneal {"loss": 0.5}');
    t.close();
    const points = sent.flatMap((b) => (b.type === 'metrics' ? b.points : []));
    assert.deepEqual(points.map((p) => [p.key, p.step]), [['loss', 0], ['loss', 1]]);
    const lines = sent.flatMap((b) => (b.type === 'log' ? b.lines : []));
    assert.ok(lines.includes('@anneal {"infeasible": true}'));
    assert.deepEqual(t.infeasibility.verdict({ status: 'failed' }), { reason: 'trainer', evidence: '@anneal {"infeasible": true}' });
  });

  it('sends every valid point of a run in which one value overflowed (1e309), and says what it dropped', () => {
    const { sent, outbox } = collector();
    const t = new TrialTelemetry(outbox, logger, () => 1000);
    for (let step = 0; step < 8; step++) t.stdout(`@anneal {"step": ${step < 3 ? step : step + 1}, "acc": 0.${step}, "f1": 0.${step}}`);
    t.stdout('@anneal {"step": 3, "acc": 1e309, "f1": 0.5}');
    t.points([{ key: 'system/gpu0/util', step: 0, value: Number.NaN, t: 1000 }, { key: 'system/gpu0/util', step: 1, value: 3, t: 1000 }]);
    t.close();
    const metrics = sent.flatMap((b) => (b.type === 'metrics' ? b.points : []));
    assert.equal(metrics.length, 8 * 2 + 1 + 1);
    assert.ok(metrics.every((p) => Number.isFinite(p.value)));
    assert.deepEqual(metrics.filter((p) => p.step === 3), [{ key: 'f1', step: 3, value: 0.5, t: 1000 }]);
    // What goes on the wire holds no null where a number belongs.
    assert.ok(!JSON.stringify(sent).includes('null'));
    const notes = sent.flatMap((b) => (b.type === 'log' ? b.lines : [])).filter((l) => l.startsWith(AGENT_NOTE_PREFIX));
    assert.deepEqual(notes, [
      `${AGENT_NOTE_PREFIX} metric field 'acc' ignored: the value Infinity is not finite (out of the float64 range)`,
      `${AGENT_NOTE_PREFIX} metric 'system/gpu0/util' ignored: a reading was not a finite number`,
    ]);
  });

  it('sends a full log batch at once and flushes a partial one after its delay', async () => {
    const { sent, outbox } = collector();
    const t = new TrialTelemetry(outbox, logger);
    for (let i = 0; i < 201; i++) t.stdout(`line ${i}`);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.type === 'log' && sent[0]!.lines.length, 200);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1], { type: 'log', lines: ['line 200'] });
  });

  it('does not hold metrics back for the slower log timer', async () => {
    const { sent, outbox } = collector();
    const t = new TrialTelemetry(outbox, logger);
    t.stdout('plain');
    t.stdout('@anneal {"a": 1}');
    await new Promise((r) => setTimeout(r, 70));
    assert.deepEqual(sent.map((s) => s.type), ['metrics']);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(sent.map((s) => s.type), ['metrics', 'log']);
    t.close();
  });

  it('splits a huge report into batches of at most 2000 points', () => {
    const { sent, outbox } = collector();
    const t = new TrialTelemetry(outbox, logger);
    const fields = Object.fromEntries(Array.from({ length: 4500 }, (_, i) => [`m${i}`, i]));
    t.stdout(`@anneal ${JSON.stringify(fields)}`);
    t.close();
    assert.deepEqual(sent.map((s) => (s.type === 'metrics' ? s.points.length : 0)), [2000, 2000, 500]);
  });
});
