import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { infeasibleWords } from '../src/lib/infeasible.ts';

describe('infeasibleWords', () => {
  it('names the reason, and the evidence where asked', () => {
    const oom = { reason: 'OUT_OF_MEMORY', evidence: 'RuntimeError: CUDA out of memory.' } as const;
    assert.equal(infeasibleWords(oom), 'infeasible: out of memory');
    assert.equal(infeasibleWords(oom, { evidence: true }), 'infeasible: out of memory — RuntimeError: CUDA out of memory.');
    assert.equal(infeasibleWords({ reason: 'TRAINER', evidence: '' }, { evidence: true }), 'infeasible: reported by the trainer');
  });

  it('says nothing for a trial that ran', () => {
    assert.equal(infeasibleWords(null), null);
    assert.equal(infeasibleWords(undefined), null);
  });
});
