/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAskTellSession } from '../ask-tell.js';
import { isCoreError } from '../errors.js';
import { mustParse } from '../testing/drive.js';
import { bestTrial } from './objective.js';
import { historyOf } from '../samplers/history.js';
import { initSearcher, searcherStep } from './searcher.js';
import type { SearcherEvent, SearcherState } from './types.js';

const CONFIG = mustParse({
  method: 'random',
  metric: { name: 'loss', goal: 'minimize', target: 0.1 },
  parameters: { x: { values: [1, 2, 3, 4, 5, 6] } },
  constraints: [{ name: 'gpu_mem_gib', max: 70 }, { name: 'tokens_per_s', min: 100 }],
  max_concurrent: 10,
});

function started(n: number): SearcherState {
  return searcherStep(CONFIG, initSearcher(CONFIG, 1), { type: 'request', count: n }).state;
}

function finish(state: SearcherState, event: Omit<Extract<SearcherEvent, { type: 'finished' }>, 'type'>): SearcherState {
  return searcherStep(CONFIG, state, { type: 'finished', ...event }).state;
}

test('an out-of-memory failure is recorded as infeasible', () => {
  const s = finish(started(1), { trial: 0, state: 'failed', infeasible: true });
  assert.deepEqual({ status: s.trials[0]!.status, infeasible: s.trials[0]!.infeasible }, { status: 'failed', infeasible: true });
});

test('a completed trial breaking a metric bound is infeasible, keeps its value and is never the best', () => {
  let s = started(3);
  s = finish(s, { trial: 0, state: 'completed', value: 0.3, constraints: { gpu_mem_gib: 71.5 } });
  s = finish(s, { trial: 1, state: 'completed', value: 0.5, constraints: { gpu_mem_gib: 60, tokens_per_s: 150 } });
  s = finish(s, { trial: 2, state: 'completed', value: 0.4, constraints: { tokens_per_s: 99 } });
  assert.deepEqual([0, 1, 2].map((t) => [s.trials[t]!.value, s.trials[t]!.infeasible ?? false]), [[0.3, true], [0.5, false], [0.4, true]]);
  assert.deepEqual(s.trials[0]!.constraints, { gpu_mem_gib: 71.5 });
  assert.equal(bestTrial(s, 'minimize')?.trial, 1);
});

test('a constrained metric that was not reported breaks no bound', () => {
  const s = finish(started(1), { trial: 0, state: 'completed', value: 0.3 });
  assert.equal(s.trials[0]!.infeasible, undefined);
});

test('an infeasible trial reaching the target does not end the sweep; a feasible one does', () => {
  let s = started(2);
  const out = searcherStep(CONFIG, s, { type: 'finished', trial: 0, state: 'completed', value: 0.05, constraints: { gpu_mem_gib: 80 } });
  assert.deepEqual(out.actions, []);
  s = out.state;
  const end = searcherStep(CONFIG, s, { type: 'finished', trial: 1, state: 'completed', value: 0.05, constraints: { gpu_mem_gib: 50 } });
  assert.deepEqual(end.actions, [{ type: 'exhausted' }]);
});

test('bad feasibility fields are refused with what to send instead', () => {
  const s = started(1);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ infeasible: 'yes' }, /infeasible must be true or false/],
    [{ constraints: [71] }, /constraints must be an object of metric name to final value/],
    [{ constraints: { gpu_mem_gb: 71 } }, /constraints.gpu_mem_gb is not a constrained metric: the config constrains gpu_mem_gib, tokens_per_s \(did you mean 'gpu_mem_gib'\?\)/],
    [{ constraints: { gpu_mem_gib: 'high' } }, /constraints.gpu_mem_gib must be a finite number/],
  ];
  for (const [fields, message] of cases) {
    assert.throws(() => searcherStep(CONFIG, s, { type: 'finished', trial: 0, state: 'completed', value: 1, ...fields } as SearcherEvent), (err) => isCoreError(err, 'EVENT_INVALID') && message.test(err.message), JSON.stringify(fields));
  }
});

test('ask/tell: tell takes infeasible and constraints, and replies with errors it can act on', () => {
  const created = createAskTellSession({ ...CONFIG.raw }, 2);
  assert.ok(created.ok);
  const s = created.session;
  const a = s.handle('{"op":"ask"}')['trial'];
  const b = s.handle('{"op":"ask"}')['trial'];
  assert.deepEqual(s.handle(`{"op":"tell","trial":${String(a)},"state":"failed","infeasible":true}`), { ok: true });
  assert.deepEqual(s.handle(`{"op":"tell","trial":${String(b)},"value":0.2,"constraints":{"gpu_mem_gibs":71.5}}`), { error: "constraints.gpu_mem_gibs is not a constrained metric: the config constrains gpu_mem_gib, tokens_per_s (did you mean 'gpu_mem_gib'?)", code: 'EVENT_INVALID' });
  assert.deepEqual(s.handle(`{"op":"tell","trial":${String(b)},"value":0.2,"constraints":{"gpu_mem_gib":71.5}}`), { ok: true });
  assert.deepEqual(s.handle('{"op":"best"}'), { trial: null });
  const state = s.state();
  assert.equal(state.trials[Number(a)]!.infeasible, true);
  assert.deepEqual(state.trials[Number(b)]!.constraints, { gpu_mem_gib: 71.5 });
});

test('a sweep without constraints refuses constraint values but takes infeasible', () => {
  const plain = mustParse({ method: 'random', parameters: { x: { values: [1, 2] } } });
  const s = searcherStep(plain, initSearcher(plain, 1), { type: 'request', count: 1 }).state;
  assert.throws(() => searcherStep(plain, s, { type: 'finished', trial: 0, state: 'completed', value: 1, constraints: { m: 1 } }), /the config has no metric constraints/);
  assert.equal(searcherStep(plain, s, { type: 'finished', trial: 0, state: 'failed', infeasible: true }).state.trials[0]!.infeasible, true);
});

test('the models see infeasible trials: labelled in the history and replayed in trial order as failures', () => {
  let s = started(4);
  s = finish(s, { trial: 0, state: 'completed', value: 0.3 });
  s = finish(s, { trial: 1, state: 'failed', infeasible: true });
  s = finish(s, { trial: 2, state: 'failed' });
  s = finish(s, { trial: 3, state: 'completed', value: 0.2, constraints: { gpu_mem_gib: 90 } });
  const h = historyOf(s, 'minimize');
  assert.deepEqual(h.observed.map((o) => [o.y, o.infeasible ?? false]), [[0.3, false], [0.2, true]]);
  assert.deepEqual(h.infeasible, [s.trials[1]!.params]);
  assert.deepEqual(h.failed, [s.trials[1]!.params, s.trials[2]!.params]);
  assert.deepEqual(h.replay?.map((o) => o.y), [0.3, Infinity, Infinity]);
  assert.equal(historyOf(finish(started(1), { trial: 0, state: 'failed' }), 'minimize').replay, undefined);
});
