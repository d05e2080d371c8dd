import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InfeasibilityWatch } from './infeasibility.js';

const OOM = 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB';

describe('InfeasibilityWatch', () => {
  it('calls a failed trial that ran out of memory infeasible, with the first such line as evidence', () => {
    const w = new InfeasibilityWatch();
    w.line('Traceback (most recent call last):');
    w.line(OOM);
    w.line('torch.cuda.OutOfMemoryError: later line');
    assert.deepEqual(w.verdict({ status: 'failed' }), { reason: 'out_of_memory', evidence: OOM });
  });

  it('does not when the trainer recovered from it and completed, or was stopped', () => {
    const w = new InfeasibilityWatch();
    w.line(OOM);
    assert.equal(w.verdict({ status: 'completed' }), undefined);
    assert.equal(w.verdict({ status: 'stopped' }), undefined);
  });

  it("takes the trainer's own word however it ended, over an out-of-memory line", () => {
    const w = new InfeasibilityWatch();
    w.line(OOM);
    w.trainerReported('@anneal {"infeasible": true}');
    assert.deepEqual(w.verdict({ status: 'completed' }), { reason: 'trainer', evidence: '@anneal {"infeasible": true}' });
    assert.deepEqual(w.verdict({ status: 'failed' }), { reason: 'trainer', evidence: '@anneal {"infeasible": true}' });
  });

  it('cuts evidence to what the protocol carries', () => {
    const w = new InfeasibilityWatch();
    w.line(`${OOM} ${'x'.repeat(5000)}`);
    const v = w.verdict({ status: 'failed' });
    assert.equal(v?.evidence.length, 2000);
    assert.ok(v?.evidence.startsWith(OOM));
  });

  it('says nothing for an ordinary failure', () => {
    const w = new InfeasibilityWatch();
    w.line('ValueError: bad learning rate');
    assert.equal(w.verdict({ status: 'failed' }), undefined);
  });
});
