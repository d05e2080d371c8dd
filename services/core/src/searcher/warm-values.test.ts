/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCoreError } from '../errors.js';
import { mustParse } from '../testing/drive.js';
import { initSearcher, searcherStep } from './searcher.js';
import { onWarmStart } from './warm-start.js';

const space = { x: { distribution: 'uniform', min: 0, max: 1 } };
const mo = mustParse({ method: 'bayes', metrics: [{ name: 'val_loss', goal: 'minimize' }, { name: 'gpu_hours', goal: 'minimize' }], parameters: space });
const single = mustParse({ method: 'bayes', metric: { name: 'val_loss', goal: 'minimize' }, parameters: space });

function refused(config: typeof mo, trials: unknown, gist: RegExp): void {
  assert.throws(
    () => searcherStep(config, initSearcher(config, 0), { type: 'warm_start', trials } as never),
    (err: unknown) => isCoreError(err, 'EVENT_INVALID') && gist.test(err.message),
  );
}

test('multi-objective warm-start trials need values, one finite number per objective, in order', () => {
  refused(mo, [{ params: { x: 0.5 }, value: 1 }], /trials\[0\]: this sweep has 2 objectives \(val_loss, gpu_hours\): give each trial values: \[\.\.\.\] in that order, not value/);
  refused(mo, [{ params: { x: 0.5 }, values: [1, 2] }, { params: { x: 0.2 }, values: [1] }], /trials\[1\]: values must be a list of 2 numbers, one per objective \(val_loss, gpu_hours\), got \[1\]/);
  refused(mo, [{ params: { x: 0.5 }, values: [1, 2, 3] }], /list of 2 numbers/);
  refused(mo, [{ params: { x: 0.5 }, values: { val_loss: 1 } }], /list of 2 numbers/);
  refused(mo, [{ params: { x: 0.5 }, values: [1, Number.NaN] }], /trials\[0\]: values\[1\] \(gpu_hours\) must be a finite number, got NaN; leave out a trial without a value for every objective/);
  refused(mo, [{ params: { x: 0.5 }, values: [Infinity, 1] }], /values\[0\] \(val_loss\) must be a finite number, got Infinity/);
  refused(mo, [{ params: { x: 0.5 }, values: [null, 1] }], /values\[0\] \(val_loss\) must be a finite number, got null/);
  refused(mo, [null], /trials\[0\] must be an object \{params: \{\.\.\.\}, values: \[\.\.\.\]\}, got null/);
  refused(mo, { params: {} }, /warm_start needs trials: \[\{params: \{\.\.\.\}, values: \[number, \.\.\.\]\}, \.\.\.\]/);
});

test('a single-objective sweep refuses values and keeps rejecting odd values quietly', () => {
  refused(single, [{ params: { x: 0.5 }, values: [1, 2] }], /values is for sweeps with several objectives \(metrics\); this sweep has one, send value/);
  const out = onWarmStart(single, initSearcher(single, 0), [{ params: { x: 0.5 }, value: 1 }, { params: { x: 0.2 }, value: Number.NaN }, null]);
  assert.equal(out.accepted, 1);
  assert.equal(out.rejected, 2);
  assert.deepEqual(out.result.state.warm, [{ params: { x: 0.5 }, value: 1 }]);
});

test('multi-objective trials whose params do not fit the space are rejected and counted, like single-objective ones', () => {
  const out = onWarmStart(mo, initSearcher(mo, 0), [
    { params: { x: 0.5, dropped: 'extra keys go' }, values: [1, 0.25] },
    { params: { x: 7 }, values: [2, 0.5] },
    { params: { y: 0.1 }, values: [3, 0.75] },
  ]);
  assert.equal(out.accepted, 1);
  assert.equal(out.rejected, 2);
  assert.deepEqual(out.result.state.warm, [{ params: { x: 0.5 }, values: [1, 0.25] }]);
  // -0 is stored as 0: the state must survive its JSON round trip unchanged.
  const zero = onWarmStart(mo, initSearcher(mo, 0), [{ params: { x: 0.5 }, values: [-0, 1] }]);
  assert.ok(Object.is(zero.result.state.warm![0]!.values![0], 0));
});

test('a repeated warm_start event replaces the seed instead of doubling it', () => {
  const trials = [{ params: { x: 0.5 }, values: [1, 0.25] }];
  let state = searcherStep(mo, initSearcher(mo, 0), { type: 'warm_start', trials }).state;
  state = searcherStep(mo, state, { type: 'warm_start', trials }).state;
  assert.equal(state.warm?.length, 1);
});
