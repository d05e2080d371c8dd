import assert from 'node:assert/strict';
import { test } from 'node:test';
import { infeasibleLine, statusCell } from '../infeasible-words.js';

test('the status cell says why a trial was infeasible, and is the bare status otherwise', () => {
  assert.equal(statusCell('FAILED', { reason: 'OUT_OF_MEMORY', evidence: 'CUDA out of memory' }), 'FAILED · infeasible (out of memory)');
  assert.equal(statusCell('COMPLETED', { reason: 'TRAINER', evidence: '@anneal {"infeasible": true}' }), 'COMPLETED · infeasible (trainer said so)');
  assert.equal(statusCell('COMPLETED', { reason: 'CONSTRAINT', evidence: 'gpu_mem_gib ended at 75' }), 'COMPLETED · infeasible (metric outside its constraint)');
  assert.equal(statusCell('FAILED', null), 'FAILED');
  assert.equal(statusCell('RUNNING', undefined), 'RUNNING');
});

test('the infeasible count line appears only when there are some', () => {
  assert.equal(infeasibleLine(0), '');
  assert.match(infeasibleLine(1), /^infeasible: 1 trial could not run/);
  assert.match(infeasibleLine(3), /^infeasible: 3 trials could not run.*\n$/);
});
