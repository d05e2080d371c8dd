import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { LOG_REDACT_PATHS, redactSecrets } from './redact.js';

const KEY = `ank_Ab3dEf6hIj9L_${'aZ09_-'.repeat(7)}x`;
// A real-shaped NATS user JWT (header {"typ":"JWT","alg":"ed25519-nkey"}) and user seed.
const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJBQkMiLCJzdWIiOiJVQUJDIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const SEED = `SU${'A'.repeat(25)}BCDEFGHIJKLMNOPQRSTUVWXYZ234567`;

describe('redactSecrets', () => {
  it('masks Anneal keys, JWTs and nkey seeds wherever they are in a line', () => {
    assert.equal(SEED.length, 58);
    assert.equal(redactSecrets(`ANNEAL_API_KEY=${KEY}`), 'ANNEAL_API_KEY=[redacted]');
    assert.equal(redactSecrets(`{"Authorization": "Bearer ${KEY}", "jwt": "${JWT}"}`), '{"Authorization": "Bearer [redacted]", "jwt": "[redacted]"}');
    assert.equal(redactSecrets(SEED), '[redacted]');
    assert.equal(redactSecrets(`seed:${SEED.replace('SU', 'SA')} op=${SEED.replace('SU', 'SO')}`), 'seed:[redacted] op=[redacted]');
    assert.equal(redactSecrets(`-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------`).split('\n')[1], '[redacted]');
  });

  it('leaves ordinary output alone', () => {
    const lines = [
      'epoch 3 loss=0.25 TOKENIZERS_PARALLELISM=false',
      'ank_short_key is not a key',
      'eyJ alone, or eyJhbGciOi.x.y with short parts',
      // A 58-character upper-case run inside a longer one is not a seed.
      `X${SEED}X`,
      `SU${'A'.repeat(55)}`,
    ];
    for (const line of lines) assert.equal(redactSecrets(line), line);
  });

  it('pino loggers made with the redact paths censor token fields', () => {
    const out: string[] = [];
    const logger = pino({ redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, { write: (s: string) => void out.push(s) });
    logger.info({ token: KEY, opts: { natsToken: 'n', pool: 'gpu' }, req: { headers: { authorization: `Bearer ${KEY}` } } }, 'starting');
    const line = JSON.parse(out[0]!) as { token: string; opts: { natsToken: string; pool: string }; req: { headers: { authorization: string } } };
    assert.equal(line.token, '[redacted]');
    assert.equal(line.opts.natsToken, '[redacted]');
    assert.equal(line.opts.pool, 'gpu');
    assert.equal(line.req.headers.authorization, '[redacted]');
  });
});
