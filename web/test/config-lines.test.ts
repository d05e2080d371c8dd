import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOfPath, pathSegments } from '../src/lib/config-lines.ts';

const TEXT = `method: bayes
metric:
  name: loss
  goal: minimise
metrics:
  - {name: a, goal: up}
parameters:
  lr:
    min: 0.1
    max: 0.01
  optimizer:
    parameters:
      beta: {values: []}
`;

describe('lineOfPath', () => {
  it('splits dotted paths with list indices', () => {
    assert.deepEqual(pathSegments('metrics[0].goal'), ['metrics', 0, 'goal']);
    assert.deepEqual(pathSegments('parameters.optimizer.parameters.beta'), ['parameters', 'optimizer', 'parameters', 'beta']);
  });

  it('points at the line of the value a problem names', () => {
    assert.equal(lineOfPath(TEXT, 'metric.goal'), 4);
    assert.equal(lineOfPath(TEXT, 'parameters.lr.max'), 10);
    assert.equal(lineOfPath(TEXT, 'metrics[0].goal'), 6);
    assert.equal(lineOfPath(TEXT, 'parameters.optimizer.parameters.beta.values'), 13);
  });

  it('a missing key points at its parent; the document and broken text at line 1', () => {
    assert.equal(lineOfPath(TEXT, 'parameters.lr.distribution'), 9);
    assert.equal(lineOfPath(TEXT, ''), 1);
    assert.equal(lineOfPath('method: [unclosed', 'method'), 1);
  });
});
