import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideOutcome, REASON_ERROR_CHARS } from '../sweep-outcome.js';

const counts = (c: Record<string, number>) => Object.entries(c).map(([status, n]) => ({ status: status as 'FAILED', n }));

test('FAILED only when trials failed and none completed or was pruned', () => {
  assert.equal(decideOutcome(counts({ FAILED: 3 }), []).status, 'FAILED');
  assert.equal(decideOutcome(counts({ FAILED: 3, COMPLETED: 1 }), []).status, 'COMPLETED');
  assert.equal(decideOutcome(counts({ FAILED: 3, PRUNED: 1 }), []).status, 'COMPLETED');
  assert.equal(decideOutcome(counts({}), []).status, 'COMPLETED', 'a sweep with no trials has nothing that failed');
  assert.equal(decideOutcome(counts({ COMPLETED: 2 }), []).reason, null);
});

test('the reason counts the failures and quotes at most three errors, on one line and clipped', () => {
  const long = `Traceback\n  ${'x'.repeat(1000)}`;
  const r = decideOutcome(counts({ FAILED: 4, STOPPED: 1 }), [
    { number: 7, error: long }, { number: 5, error: 'exit code 1' }, { number: 2, error: 'a' }, { number: 1, error: 'b' },
  ]);
  assert.equal(r.status, 'FAILED');
  assert.match(r.reason!, /^4 of 5 trials failed and none completed; last errors: trial 7: Traceback x+… \| trial 5: exit code 1 \| trial 2: a$/);
  assert.ok(r.reason!.length < 3 * REASON_ERROR_CHARS + 200);
  assert.equal(decideOutcome(counts({ FAILED: 1 }), []).reason, 'its only trial failed');
});
