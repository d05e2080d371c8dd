import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverHint } from '../commands/up.js';
import { apiServerUrl, readEnv } from '../env.js';
import { CliError } from '../errors.js';

const url = (env: NodeJS.ProcessEnv): string => apiServerUrl(readEnv({ ANNEAL_HOME: '/tmp/h', ...env }));

test("the CLI's default API is where `anneal up` listens under the same environment", () => {
  assert.equal(url({}), 'http://127.0.0.1:4000');
  assert.equal(url({ ANNEAL_API_PORT: '4100' }), 'http://127.0.0.1:4100');
  assert.equal(url({ ANNEAL_HOST: '10.1.2.3', ANNEAL_API_PORT: '4100' }), 'http://10.1.2.3:4100');
  assert.equal(url({ ANNEAL_HOST: '0.0.0.0' }), 'http://127.0.0.1:4000', 'a wildcard address is reached on loopback');
  assert.equal(url({ ANNEAL_HOST: '::' }), 'http://[::1]:4000');
  assert.equal(url({ ANNEAL_HOST: 'fd00::5', ANNEAL_API_PORT: '4001' }), 'http://[fd00::5]:4001');
  assert.equal(url({ ANNEAL_SERVER: 'https://anneal.example.com', ANNEAL_API_PORT: '4100' }), 'https://anneal.example.com', 'ANNEAL_SERVER wins');
  assert.equal(url({ ANNEAL_SERVER: '' }), 'http://127.0.0.1:4000', 'an empty ANNEAL_SERVER is unset');
});

test('a bad ANNEAL_SERVER or ANNEAL_API_PORT is named', () => {
  assert.throws(() => url({ ANNEAL_SERVER: 'localhost:4000' }), (e: unknown) => e instanceof CliError && e.code === 'BAD_ENV' && /ANNEAL_SERVER="localhost:4000": must be a URL/.test(e.message));
  assert.throws(() => url({ ANNEAL_API_PORT: 'x' }), (e: unknown) => e instanceof CliError && /ANNEAL_API_PORT="x"/.test(e.message));
});

test('`anneal up` tells other shells where it is only when the default would miss it', () => {
  assert.equal(serverHint({ ANNEAL_HOST: '127.0.0.1', ANNEAL_API_PORT: 4000 }), '');
  assert.match(serverHint({ ANNEAL_HOST: '127.0.0.1', ANNEAL_API_PORT: 4100 }), /export ANNEAL_SERVER=http:\/\/127\.0\.0\.1:4100/);
});
