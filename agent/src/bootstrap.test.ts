import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fetchAgentBootstrap } from './bootstrap.js';
import { AgentError, type AgentErrorCode } from './errors.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('fetchAgentBootstrap', () => {
  let server: Server;
  let url: string;
  let handler: Handler = () => undefined;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => handler(req, body, res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fails = (code: AgentErrorCode, message: RegExp) => (e: unknown) => e instanceof AgentError && e.code === code && message.test(e.message);

  it('posts the agentConfig query with the bearer token and returns the config', async () => {
    const organizationId = randomUUID();
    let seen: { path?: string; auth?: string; type?: string; query?: string; key?: string | null } = {};
    handler = (req, body, res) => {
      const parsed = JSON.parse(body) as { query: string; variables: { natsUserKey: string | null } };
      seen = { path: req.url, auth: req.headers.authorization, type: req.headers['content-type'], query: parsed.query, key: parsed.variables.natsUserKey };
      json(res, 200, { data: { agentConfig: { ...config, natsJwt: 'eyJ.x.y', natsJwtExpiresAt: '2030-01-01T00:00:00.000Z' } } });
    };
    const config = { natsUrl: 'nats://n:4222', namespace: 'anneal', organizationId, pools: ['default'], assignmentPublicKey: 'k' };
    assert.deepEqual(await fetchAgentBootstrap(`${url}/`, 'tok-123', 'UABC'), { ...config, natsJwt: 'eyJ.x.y', natsJwtExpiresAt: '2030-01-01T00:00:00.000Z' });
    assert.equal(seen.key, 'UABC', 'the public key travels as a variable');
    assert.equal(seen.path, '/graphql');
    assert.equal(seen.auth, 'Bearer tok-123');
    assert.equal(seen.type, 'application/json');
    assert.match(seen.query ?? '', /agentConfig\(natsUserKey: \$natsUserKey\) \{ natsUrl namespace organizationId pools assignmentPublicKey natsJwt natsJwtExpiresAt \}/);
  });

  it('explains a rejected token', async () => {
    handler = (_req, _body, res) => json(res, 401, { errors: [{ message: 'invalid agent token', extensions: { code: 'UNAUTHENTICATED' } }] });
    await assert.rejects(fetchAgentBootstrap(url, 'bad'), fails('UNAUTHORIZED', /401.*invalid agent token/));
    handler = (_req, _body, res) => json(res, 200, { errors: [{ message: 'token revoked', extensions: { code: 'UNAUTHENTICATED' } }] });
    await assert.rejects(fetchAgentBootstrap(url, 'bad'), fails('UNAUTHORIZED', /token revoked/));
  });

  it("passes on the server's GraphQL error message", async () => {
    handler = (_req, _body, res) => json(res, 200, { errors: [{ message: 'Cannot query field "agentConfig"' }], data: null });
    await assert.rejects(fetchAgentBootstrap(url, 't'), fails('GRAPHQL_ERROR', /Cannot query field "agentConfig"/));
  });

  it('rejects a config that does not match the protocol', async () => {
    handler = (_req, _body, res) => json(res, 200, { data: { agentConfig: { natsUrl: '', namespace: 'x', organizationId: 'nope' } } });
    await assert.rejects(fetchAgentBootstrap(url, 't'), fails('BAD_BOOTSTRAP', /organizationId/));
  });

  it('reports other HTTP failures', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    };
    await assert.rejects(fetchAgentBootstrap(url, 't'), fails('HTTP_ERROR', /502.*bad gateway/));
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(fetchAgentBootstrap(`http://127.0.0.1:${port}`, 't'), fails('SERVER_UNREACHABLE', /ECONNREFUSED/));
  });
});
