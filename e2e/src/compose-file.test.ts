import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

/** `docker compose config` needs a Docker CLI plugin CI lacks; this checks what we rely on. */
test('docker-compose.yml declares the stack, a one-shot migration, authenticated NATS and a GPU agent with only an agent token', () => {
  const doc = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
    services: Record<string, {
      command?: string[]; depends_on?: unknown; ports?: string[]; volumes?: string[]; environment?: Record<string, string>;
      deploy?: { resources?: { reservations?: { devices?: Array<{ driver: string; capabilities: string[] }> } } };
    }>;
  };
  assert.deepEqual(Object.keys(doc.services).sort(), ['agent', 'api', 'migrate', 'nats', 'nats-init', 'postgres', 'web']);
  assert.deepEqual(doc.services.nats!.command, ['-c', '/nats-auth/nats.conf'], 'NATS runs the config `anneal nats init` wrote (operator JWT auth, JetStream)');
  assert.deepEqual(doc.services['nats-init']!.command?.slice(0, 3), ['nats', 'init', '/nats-auth']);
  assert.equal(doc.services.api!.environment?.ANNEAL_NATS_ACCOUNT_SEED_FILE, '/nats-auth/account.seed');
  const agentEnv = doc.services.agent!.environment ?? {};
  assert.deepEqual(Object.keys(agentEnv), ['ANNEAL_API_KEY'], 'the agent gets its token and nothing else: no admin key, database or NATS seed');
  assert.match(agentEnv.ANNEAL_API_KEY!, /ANNEAL_AGENT_TOKEN/);
  assert.equal(doc.services.agent!.volumes, undefined, 'nor the NATS key volume');
  for (const [name, s] of Object.entries(doc.services)) {
    for (const p of s.ports ?? []) assert.match(p, /^127\.0\.0\.1:/, `${name} publishes ${p} on loopback only`);
  }
  assert.deepEqual(doc.services.migrate!.command, ['migrate']);
  assert.deepEqual(doc.services.api!.depends_on, { migrate: { condition: 'service_completed_successfully' }, nats: { condition: 'service_started' } });
  const gpu = doc.services.agent!.deploy?.resources?.reservations?.devices?.[0];
  assert.equal(gpu?.driver, 'nvidia');
  assert.deepEqual(gpu?.capabilities, ['gpu']);
});
