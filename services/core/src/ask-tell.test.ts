/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAskTellSession } from './ask-tell.js';

const config = 'method: grid\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {values: [1, 2, 3]}\n';

test('ask, report, tell and best over JSON lines', () => {
  const created = createAskTellSession(config, 0);
  assert.ok(created.ok);
  const s = created.session;
  const ask = s.handle('{"op":"ask","count":2}');
  assert.deepEqual(ask, { op: 'ask', trials: [{ trial: 0, params: { x: 1 } }, { trial: 1, params: { x: 2 } }], exhausted: false });
  assert.deepEqual(s.handle('{"op":"report","trial":0,"step":1,"value":0.5}'), { op: 'report', ok: true, stop: false });
  assert.deepEqual(s.handle('{"op":"tell","trial":0,"value":0.4}'), { op: 'tell', ok: true, exhausted: false });
  assert.deepEqual(s.handle('{"op":"tell","trial":1,"value":0.3}'), { op: 'tell', ok: true, exhausted: false });
  assert.deepEqual(s.handle('{"op":"ask"}'), { op: 'ask', trials: [{ trial: 2, params: { x: 3 } }], exhausted: true });
  assert.deepEqual(s.handle('{"op":"best"}'), { op: 'best', trial: 1, value: 0.3, params: { x: 2 } });
  assert.equal((s.handle('{"op":"state"}')['state'] as { nextTrial: number }).nextTrial, 3);
});

test('bad lines get an error reply and the session carries on', () => {
  const created = createAskTellSession(config, 0);
  assert.ok(created.ok);
  const s = created.session;
  assert.deepEqual(s.handle('not json'), { error: { code: 'EVENT_INVALID', message: 'not a JSON object' } });
  assert.equal((s.handle('{"op":"tell","trial":7,"value":1}')['error'] as { code: string }).code, 'TRIAL_UNKNOWN');
  assert.equal((s.handle('{"op":"fly"}')['error'] as { code: string }).code, 'EVENT_INVALID');
  assert.equal((s.handle('{"op":"ask"}')['trials'] as unknown[]).length, 1);
});

test('an invalid config is reported, not thrown', () => {
  const created = createAskTellSession('method: nope\nparameters: {x: {values: [1]}}', 0);
  assert.equal(created.ok, false);
  assert.equal(!created.ok && created.problems[0]?.path, 'method');
});
