import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { agentPermissions } from './auth/agent-permissions.js';
import { protocolNames } from './names.js';

/** NATS subject matching: `*` is one token, a final `>` one or more. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

describe('the telemetry dead-letter stream', () => {
  const names = protocolNames('anneal');
  const org = names.org(randomUUID());

  it('is outside every subject an agent may publish or subscribe to, and outside the telemetry stream', () => {
    const p = agentPermissions(names, org, ['default', 'gpu'], 'UAGENTKEY');
    const dead = [
      names.deadLetterSubject,
      `$JS.API.STREAM.INFO.${names.deadLetterStream}`,
      `$JS.API.STREAM.MSG.GET.${names.deadLetterStream}`,
      `$JS.API.DIRECT.GET.${names.deadLetterStream}`,
      `$JS.API.CONSUMER.CREATE.${names.deadLetterStream}`,
      `$JS.API.CONSUMER.CREATE.${names.deadLetterStream}.x.${names.deadLetterSubject}`,
    ];
    for (const subject of dead) {
      for (const pattern of [...p.pub, ...p.sub]) assert.ok(!matches(pattern, subject), `${pattern} reaches ${subject}`);
    }
    assert.ok(!matches(names.telemetryWildcard, names.deadLetterSubject), 'a dead letter must not go back to ingest');
    assert.ok(matches(`${org.telemetryPrefix}.>`, org.telemetrySubject(randomUUID(), randomUUID())), 'the matcher itself works');
  });
});
