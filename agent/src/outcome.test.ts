import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeOutcome } from './outcome.js';

describe('describeOutcome', () => {
  it('maps exits to statuses', () => {
    assert.deepEqual(describeOutcome({ kind: 'exited', code: 0, signal: null }, null), { status: 'completed', exitCode: 0 });
    assert.deepEqual(describeOutcome({ kind: 'exited', code: 3, signal: null }, null), { status: 'failed', exitCode: 3, error: 'exit code 3' });
    assert.deepEqual(describeOutcome({ kind: 'exited', code: null, signal: 'SIGSEGV' }, null), {
      status: 'failed',
      exitCode: null,
      error: 'killed by SIGSEGV',
    });
  });

  it('reports a requested stop as stopped, whatever the exit', () => {
    assert.deepEqual(describeOutcome({ kind: 'exited', code: null, signal: 'SIGTERM' }, 'stopped: asha'), {
      status: 'stopped',
      exitCode: null,
      error: 'stopped: asha',
    });
  });

  it('names the executable that could not be started', () => {
    const o = describeOutcome({ kind: 'spawn-failed', executable: 'pythn3', errno: 'ENOENT', message: 'spawn pythn3 ENOENT' }, null);
    assert.equal(o.status, 'failed');
    assert.equal(o.error, "cannot start trainer 'pythn3': not found");
  });
});
