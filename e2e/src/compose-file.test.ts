import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

/** `docker compose config` needs a Docker CLI plugin CI lacks; this checks what we rely on. */
test('docker-compose.yml declares the stack, a one-shot migration and a GPU agent', () => {
  const doc = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
    services: Record<string, { command?: string[]; depends_on?: unknown; deploy?: { resources?: { reservations?: { devices?: Array<{ driver: string; capabilities: string[] }> } } } }>;
  };
  assert.deepEqual(Object.keys(doc.services).sort(), ['agent', 'api', 'migrate', 'nats', 'postgres', 'web']);
  assert.ok(doc.services.nats!.command?.includes('-js'), 'NATS runs with JetStream');
  assert.deepEqual(doc.services.migrate!.command, ['migrate']);
  assert.deepEqual(doc.services.api!.depends_on, { migrate: { condition: 'service_completed_successfully' }, nats: { condition: 'service_started' } });
  const gpu = doc.services.agent!.deploy?.resources?.reservations?.devices?.[0];
  assert.equal(gpu?.driver, 'nvidia');
  assert.deepEqual(gpu?.capabilities, ['gpu']);
});
