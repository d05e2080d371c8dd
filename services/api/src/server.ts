import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { getVariableValues, specifiedRules, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createRequire } from 'node:module';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { authenticate } from './auth/authenticate.js';
import { introspectionPlugin } from './auth/introspection.js';
import type { Viewer } from './auth/viewer.js';
import type { ApiDeps } from './deps.js';
import { apiLimitsFromEnv, type ApiLimits } from './api-limits.js';
import { ApiError } from './errors.js';
import { ANONYMOUS_MAX_BODY_BYTES, depthLimit, MAX_BODY_BYTES, MAX_DOCUMENT_TOKENS, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_QUERY_NODES } from './limits.js';
import { createLoaders } from './loaders.js';
import { RateLimiter } from './rate-limiter.js';
import { ReadBudget, responseTooLarge } from './services/metric-reads.js';
import type { ApiContext } from './schema/context.js';
import { buildApiSchema } from './schema/build.js';

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// graphql-query-complexity's ESM build imports graphql's .mjs files while everything else here
// loads graphql's CommonJS entry; two copies of graphql refuse each other's schemas. Its
// CommonJS build shares our copy.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } =
  createRequire(import.meta.url)('graphql-query-complexity') as typeof import('graphql-query-complexity');

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Keep draining (without storing) so the client reads our 413 instead of a reset.
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => (size > max ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function costLimitPlugin(schema: GraphQLSchema) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }: { request: { operationName?: string | null; variables?: Record<string, unknown> | null }; document: import('graphql').DocumentNode; operation?: OperationDefinitionNode }) {
          // Variables that do not fit their types (an unknown enum value, ...) would make the
          // estimator throw an unlabelled error; execution refuses them with BAD_USER_INPUT instead.
          if ('errors' in getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {})) return;
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
              maxQueryNodes: MAX_QUERY_NODES,
            });
          } catch (e) {
            // The estimator's own refusal (too many fields, aliases included) is a costly query, not a crash.
            if (e instanceof Error && /maximum allowed number of nodes/.test(e.message)) {
              throw new ApiError('QUERY_TOO_COSTLY', `query has more than ${MAX_QUERY_NODES} fields (aliases included); ask for fewer`);
            }
            throw e;
          }
          if (cost > MAX_QUERY_COST) {
            throw new ApiError('QUERY_TOO_COSTLY', `query cost ${cost} exceeds the limit of ${MAX_QUERY_COST}; ask for fewer items per page, fewer metric keys or a lower maxPoints`);
          }
        },
      };
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const refusal = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** Refusals of a client's request: its own doing, so a warning, not an error of ours. */
const REFUSALS = new Set(['QUERY_TOO_COSTLY', 'RESPONSE_TOO_LARGE', 'RATE_LIMITED']);

export interface ApiServerOptions {
  port: number;
  host?: string;
  /** Rate limits and read ceilings; default the environment's (`apiLimitsFromEnv(process.env)`). */
  limits?: ApiLimits;
}

/** HTTP + WebSocket GraphQL server on plain node:http (no framework needed for one route). */
export async function startApiServer(deps: ApiDeps, opts: ApiServerOptions): Promise<ApiServer> {
  const limits = opts.limits ?? apiLimitsFromEnv(process.env);
  const perKey = new RateLimiter(limits.perKey);
  const perIp = new RateLimiter(limits.perIp);
  const schema = await buildApiSchema();
  const apollo = new ApolloServer<ApiContext>({
    schema,
    csrfPrevention: true,
    // Parsing is linear in the document, but a megabyte of tokens still costs; nothing real comes close.
    parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    plugins: [introspectionPlugin(), costLimitPlugin(schema)],
    includeStacktraceInErrorResponses: false,
    // The process that embeds the API (`anneal up`, tests) owns SIGINT/SIGTERM: Apollo's own
    // handlers would stop only the HTTP server and then re-raise the signal, killing the process
    // halfway through its shutdown and orphaning nats-server.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      const original = (error as { originalError?: unknown }).originalError;
      // graphql-js stops parsing at maxTokens with a syntax error; to the client it is a costly query.
      if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && /contains more th(?:an|at) \d+ tokens/.test(formatted.message)) {
        formatted = { message: `query has more than ${MAX_DOCUMENT_TOKENS} tokens; ask for fewer fields`, extensions: { code: 'QUERY_TOO_COSTLY' } };
      }
      if (REFUSALS.has(String(formatted.extensions?.code))) {
        deps.logger.warn({ code: formatted.extensions?.code, message: formatted.message }, 'refused a request');
        return formatted;
      }
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        deps.logger.error({ err: original ?? error }, 'unexpected error in a resolver');
        return { message: 'internal error; see the API log', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  const authenticateOpts = { onUsageError: (err: unknown) => deps.logger.warn({ err }, 'could not record when an API key was last used') };
  const contextFor = (viewer: Viewer | null): ApiContext => {
    const budget = new ReadBudget(limits);
    return { deps, viewer, loaders: createLoaders(deps, budget), budget };
  };

  const http: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
      if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; GraphQL is at /graphql' });
      // Who asks decides the bucket and how much we read: a key's own bucket, else its address's.
      const viewer = await authenticate(deps.ds, req.headers.authorization, authenticateOpts);
      const waitMs = viewer ? perKey.take(viewer.keyId) : perIp.take(req.socket.remoteAddress ?? 'unknown');
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        deps.logger.warn({ code: 'RATE_LIMITED', keyId: viewer?.keyId, ip: viewer ? undefined : req.socket.remoteAddress }, 'refused a request');
        return send(res, 429, refusal('RATE_LIMITED', `too many requests ${viewer ? 'with this key' : 'without a key from this address'}; retry in ${seconds} s`), { 'retry-after': String(seconds) });
      }
      const maxBody = viewer ? MAX_BODY_BYTES : ANONYMOUS_MAX_BODY_BYTES;
      const unauthenticatedTooLarge = () => {
        deps.logger.warn({ code: 'QUERY_TOO_COSTLY', ip: req.socket.remoteAddress }, 'refused a large request without a key before parsing it');
        return send(res, 400, refusal('QUERY_TOO_COSTLY',
          `requests without a valid API key may be at most ${ANONYMOUS_MAX_BODY_BYTES} bytes (they can only call health, signIn and acceptInvite); send Authorization: Bearer <key>`));
      };
      if (!viewer && url.search.length > maxBody) return unauthenticatedTooLarge();
      let body: string;
      try {
        body = req.method === 'POST' ? await readBody(req, maxBody) : '';
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          if (!viewer) return unauthenticatedTooLarge();
          return send(res, 413, refusal('PAYLOAD_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`));
        }
        throw e;
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let parsed: unknown = undefined;
      if (body) {
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsed },
        context: () => Promise.resolve(contextFor(viewer)),
      });
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of result.headers) outHeaders[k] = v;
      if (result.body.kind === 'complete' && result.body.string.length > limits.maxResponseBytes) {
        // The read budget refuses the big reads it knows before they happen; this is the backstop.
        const err = responseTooLarge(limits.maxResponseBytes);
        deps.logger.warn({ code: 'RESPONSE_TOO_LARGE', bytes: result.body.string.length }, 'refused a request');
        return send(res, 400, refusal('RESPONSE_TOO_LARGE', err.message));
      }
      res.writeHead(result.status ?? 200, outHeaders);
      if (result.body.kind === 'complete') return res.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch((e: unknown) => {
      deps.logger.error({ err: e }, 'HTTP handler failed');
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  });

  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const authorizationOf = (params: Record<string, unknown> | undefined): string | null => {
    const p = params ?? {};
    return typeof p.authorization === 'string' ? p.authorization : typeof p.Authorization === 'string' ? p.Authorization : null;
  };
  const wsCleanup = useServer<Record<string, unknown>, { viewer?: Viewer | null }>(
    {
      schema,
      validate: (schemaArg, document, rules) => validate(schemaArg, document, [...(rules ?? specifiedRules), depthLimit(MAX_QUERY_DEPTH)]),
      // Browsers cannot set headers on a WebSocket, so the key travels in connection_init; a
      // socket without a valid key is closed (4403) before it can subscribe to anything.
      onConnect: async (ctx) => {
        ctx.extra.viewer = await authenticate(deps.ds, authorizationOf(ctx.connectionParams), authenticateOpts);
        return ctx.extra.viewer !== null;
      },
      // Each subscription authenticates again, so a key revoked (or a member removed) after the
      // socket opened cannot start new ones on it.
      context: async (ctx) => contextFor(await authenticate(deps.ds, authorizationOf(ctx.connectionParams), authenticateOpts)) as unknown as Record<string, unknown>,
    },
    wss,
  );

  await new Promise<void>((resolve) => http.listen(opts.port, opts.host ?? '0.0.0.0', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await wsCleanup.dispose();
      wss.close();
      await apollo.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export type { BaseContext };
