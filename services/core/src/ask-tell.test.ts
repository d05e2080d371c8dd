/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAskTellSession } from './ask-tell.js';

const config = 'method: grid\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {values: [1, 2, 3]}\n';

function session(text: string, seed = 0) {
  const created = createAskTellSession(text, seed);
  assert.ok(created.ok, JSON.stringify(!created.ok && created.problems));
  return created.session;
}

test('ask, report, tell and best follow the JSON-lines contract', () => {
  const s = session(config);
  assert.deepEqual(s.handle('{"op":"ask"}'), { trial: 0, params: { x: 1 } });
  assert.deepEqual(s.handle('{"op":"ask"}'), { trial: 1, params: { x: 2 } });
  assert.deepEqual(s.handle('{"op":"report","trial":0,"step":1,"value":0.5}'), { decision: 'continue' });
  assert.deepEqual(s.handle('{"op":"tell","trial":0,"value":0.4}'), { ok: true });
  assert.deepEqual(s.handle('{"op":"tell","trial":1,"state":"pruned"}'), { ok: true });
  assert.deepEqual(s.handle('{"op":"ask"}'), { trial: 2, params: { x: 3 } });
  assert.deepEqual(s.handle('{"op":"ask"}'), { done: true });
  assert.deepEqual(s.handle('{"op":"best"}'), { trial: 0, value: 0.4, params: { x: 1 } });
  assert.equal((s.handle('{"op":"state"}')['state'] as { nextTrial: number }).nextTrial, 3);
});

test('asks are never refused for max_concurrent: the caller runs the trials', () => {
  const s = session('method: random\nmax_concurrent: 1\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
  for (let i = 0; i < 6; i++) assert.equal(s.handle('{"op":"ask"}')['trial'], i);
});

test('random and grid work without a metric', () => {
  const s = session('method: random\nparameters:\n  x: {values: [a, b]}\n');
  const a = s.handle('{"op":"ask"}');
  assert.ok(['a', 'b'].includes((a['params'] as { x: string }).x));
  assert.deepEqual(s.handle(`{"op":"tell","trial":${a['trial'] as number},"value":1}`), { ok: true });
  assert.deepEqual(s.handle('{"op":"best"}'), { trial: null });
});

test('bad lines get an error string and the session carries on', () => {
  const s = session(config);
  assert.deepEqual(s.handle('not json'), { error: 'not a JSON object', code: 'EVENT_INVALID' });
  assert.equal(s.handle('[1]')['code'], 'EVENT_INVALID');
  assert.equal(s.handle('{"op":"tell","trial":7,"value":1}')['code'], 'TRIAL_UNKNOWN');
  assert.equal(s.handle('{"op":"fly"}')['code'], 'EVENT_INVALID');
  assert.equal(s.handle('{"op":"report","trial":"x","step":1,"value":1}')['code'], 'EVENT_INVALID');
  assert.equal(typeof s.handle('{"op":"tell","trial":7,"value":1}')['error'], 'string');
  assert.deepEqual(s.handle('{"op":"ask"}'), { trial: 0, params: { x: 1 } });
  assert.equal(s.handle('{"op":"report","trial":0,"step":1,"value":"high"}')['code'], 'EVENT_INVALID');
  assert.equal(s.handle('{"op":"tell","trial":0,"state":"exploded"}')['code'], 'EVENT_INVALID');
  assert.deepEqual(s.handle('{"op":"tell","trial":0,"value":1}'), { ok: true });
  assert.equal(s.handle('{"op":"tell","trial":0,"value":2}')['code'], 'TRIAL_NOT_PENDING');
});

test('a stopping rule answers stop with its evidence', () => {
  const s = session('method: random\nmetric: {name: loss, goal: minimize}\nearly_terminate: {type: asha, min_iter: 1, eta: 2}\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
  const a = s.handle('{"op":"ask"}')['trial'] as number;
  const b = s.handle('{"op":"ask"}')['trial'] as number;
  assert.deepEqual(s.handle(`{"op":"report","trial":${a},"step":1,"value":0.1}`), { decision: 'continue' });
  const r = s.handle(`{"op":"report","trial":${b},"step":1,"value":0.9}`);
  assert.equal(r['decision'], 'stop');
  const ev = r['evidence'] as Record<string, unknown>;
  assert.equal(ev['rule'], 'asha');
  assert.equal(ev['rung'], 1);
  assert.equal(ev['threshold'], 0.1);
  assert.equal(ev['cohort_size'], 2);
});

test('PBT asks carry restore after an exploit', () => {
  const s = session('method: pbt\nmetric: {name: loss, goal: minimize}\npbt: {population_size: 4, interval: 2}\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.001, max: 1.0}\n');
  const ids = [0, 1, 2, 3].map(() => s.handle('{"op":"ask"}')['trial'] as number);
  assert.deepEqual(s.handle('{"op":"ask"}'), { done: true });
  let stopped: number | undefined;
  for (const step of [1, 2]) {
    for (const id of ids) {
      const r = s.handle(JSON.stringify({ op: 'report', trial: id, step, value: id, checkpoint: true }));
      if (r['decision'] === 'stop') stopped = id;
    }
  }
  assert.equal(stopped, 3);
  s.handle(`{"op":"tell","trial":3,"state":"pruned"}`);
  const child = s.handle('{"op":"ask"}');
  assert.equal(child['trial'], 4);
  assert.deepEqual(child['restore'], { trial: 0, step: 2 });
});

test('an invalid config is reported, not thrown', () => {
  const created = createAskTellSession('method: nope\nparameters: {x: {values: [1]}}', 0);
  assert.equal(created.ok, false);
  assert.equal(!created.ok && created.problems[0]?.path, 'method');
});

test('multi-objective: tell takes values, best returns the Pareto front', () => {
  const s = session('method: random\nmetrics:\n  - {name: val_loss, goal: minimize}\n  - {name: accuracy, goal: maximize}\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
  const asked = [0, 1, 2, 3].map(() => s.handle('{"op":"ask"}'));
  const values = [[0.5, 0.9], [0.4, 0.8], [0.6, 0.7], [0.3, 0.95]];
  asked.forEach((a, i) => assert.deepEqual(s.handle(JSON.stringify({ op: 'tell', trial: a['trial'], values: values[i] })), { ok: true }));
  const front = s.handle('{"op":"best"}')['front'] as { trial: number; values: number[] }[];
  // Trial 3 beats 0, 1 and 2 on both objectives (lower loss, higher accuracy).
  assert.deepEqual(front.map((t) => t.trial), [3]);
  assert.deepEqual(front[0]!.values, [0.3, 0.95]);
  assert.ok('params' in front[0]!);
});

test('multi-objective: a tell without values, or with the wrong number, gets an error reply', () => {
  const s = session('method: random\nmetrics: [{name: a}, {name: b}, {name: c}]\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
  const t = s.handle('{"op":"ask"}')['trial'] as number;
  assert.match(String(s.handle(`{"op":"tell","trial":${t},"value":1}`)['error']), /3 objectives \(a, b, c\).*"values"/);
  assert.match(String(s.handle(`{"op":"tell","trial":${t},"values":[1,2]}`)['error']), /list of 3 numbers/);
  assert.match(String(s.handle(`{"op":"tell","trial":${t},"values":[1,2,"x"]}`)['error']), /values\[2\] \(c\) must be a finite number/);
  assert.deepEqual(s.handle(`{"op":"tell","trial":${t},"state":"failed"}`), { ok: true });
  const pruned = s.handle('{"op":"ask"}')['trial'] as number;
  assert.deepEqual(s.handle(`{"op":"tell","trial":${pruned},"state":"pruned"}`), { ok: true }, 'a pruned trial may have no values');
  assert.deepEqual(s.handle('{"op":"best"}'), { front: [] });
});

test('multi-objective: warm_start takes values per trial, counts what it keeps and refuses malformed values', () => {
  const s = session('method: bayes\nmetrics:\n  - {name: val_loss, goal: minimize}\n  - {name: accuracy, goal: maximize}\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
  const trials = [0.1, 0.3, 0.5, 0.7, 0.9].map((x) => ({ params: { x }, values: [x, 1 - x] }));
  const reply = s.handle(JSON.stringify({ op: 'warm_start', trials: [...trials, { params: { x: 4 }, values: [0, 1] }] }));
  assert.deepEqual(reply, { ok: true, accepted: 5, rejected: 1 });
  // Five warm trials cover the one-parameter initial design: the first ask is the model's.
  const asked = s.handle('{"op":"ask"}');
  assert.equal(typeof asked['trial'], 'number');
  assert.equal((s.state().trials[asked['trial'] as number]!).source, 'ehvi');
  const bad = s.handle(JSON.stringify({ op: 'warm_start', trials: [{ params: { x: 0.2 }, value: 0.3 }] }));
  assert.equal(bad['code'], 'EVENT_INVALID');
  assert.match(String(bad['error']), /2 objectives \(val_loss, accuracy\): give each trial values/);
  assert.equal(s.state().warm?.length, 5, 'a refused event leaves the seed as it was');
});
