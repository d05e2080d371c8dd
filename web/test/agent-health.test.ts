import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ago, isStale, STALE_AFTER_MS } from '../src/lib/agent-health.ts';

test('an agent is stale once its heartbeat is older than the threshold; ages read at a glance', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  assert.equal(isStale(new Date(now - STALE_AFTER_MS).toISOString(), now), false);
  assert.equal(isStale(new Date(now - STALE_AFTER_MS - 1).toISOString(), now), true);
  assert.deepEqual([ago('2026-11-27T11:59:56Z', now), ago('2026-11-27T11:57:00Z', now), ago('2026-11-27T09:00:00Z', now)], ['4 s ago', '3 min ago', '3 h ago']);
});
