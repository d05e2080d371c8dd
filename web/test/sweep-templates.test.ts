import { parseSweepConfig } from '@anneal/core';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SWEEP_TEMPLATES } from '../src/lib/sweep-templates.ts';

test('every new-sweep template is a valid config, as the API parses it, without warnings', () => {
  assert.ok(SWEEP_TEMPLATES.length >= 5);
  for (const t of SWEEP_TEMPLATES) {
    const parsed = parseSweepConfig(t.yaml, { trainers: SWEEP_TRAINERS });
    assert.ok(parsed.ok, `${t.id}: ${JSON.stringify(!parsed.ok && parsed.problems)}`);
    assert.deepEqual(parsed.warnings, [], `${t.id} warns`);
  }
  assert.deepEqual(SWEEP_TEMPLATES.map((t) => t.id), [...new Set(SWEEP_TEMPLATES.map((t) => t.id))], 'ids are unique');
});
