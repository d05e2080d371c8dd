import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { controlSchema, stopRequest } from './messages.js';
import { protocolNames } from './names.js';

describe('stop requests', () => {
  it('are a KV put on the organization control bucket, keyed and deduplicated by trial', () => {
    const org = protocolNames('anneal').org(randomUUID());
    const trialId = randomUUID();
    const entry = stopRequest(org, trialId, 'sweep stopped', 1234);
    assert.equal(entry.subject, `$KV.${org.controlBucket}.${trialId}`);
    assert.equal(entry.msgId, `stop:${trialId}`);
    assert.deepEqual(controlSchema.parse(entry.payload), { v: 1, action: 'stop', reason: 'sweep stopped', at: 1234 });
  });
});
