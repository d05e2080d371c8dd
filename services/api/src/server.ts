import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { getVariableValues, GraphQLError, specifiedRules, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createRequire } from 'node:module';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { authenticate } from './auth/authenticate.js';
import { introspectionPlugin } from './auth/introspection.js';
import type { Viewer } from './auth/viewer.js';
import type { ApiDeps } from './deps.js';
import { depthLimit, MAX_BODY_BYTES, MAX_QUERY_COST, MAX_QUERY_DEPTH } from './limits.js';
import { createLoaders } from './loaders.js';
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Keep draining (without storing) so the client reads our 413 instead of a reset.
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
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
          const cost = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            ...(request.operationName ? { operationName: request.operationName } : {}),
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > MAX_QUERY_COST) {
            throw new GraphQLError(`query cost ${cost} exceeds the limit of ${MAX_QUERY_COST}; ask for fewer items per page`, {
              extensions: { code: 'QUERY_TOO_COSTLY' },
            });
          }
        },
      };
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** HTTP + WebSocket GraphQL server on plain node:http (no framework needed for one route). */
export async function startApiServer(deps: ApiDeps, opts: { port: number; host?: string }): Promise<ApiServer> {
  const schema = await buildApiSchema();
  const apollo = new ApolloServer<ApiContext>({
    schema,
    csrfPrevention: true,
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    plugins: [introspectionPlugin(), costLimitPlugin(schema)],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const original = (error as { originalError?: unknown }).originalError;
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        deps.logger.error({ err: original ?? error }, 'unexpected error in a resolver');
        return { message: 'internal error; see the API log', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  const authenticateOpts = { onUsageError: (err: unknown) => deps.logger.warn({ err }, 'could not record when an API key was last used') };
  const contextFor = async (authorization: string | undefined | null): Promise<ApiContext> => ({
    deps,
    viewer: await authenticate(deps.ds, authorization, authenticateOpts),
    loaders: createLoaders(deps),
  });

  const http: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
      if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; GraphQL is at /graphql' });
      let body: string;
      try {
        body = req.method === 'POST' ? await readBody(req) : '';
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          return send(res, 413, { errors: [{ message: `request body exceeds ${MAX_BODY_BYTES} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
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
        context: () => contextFor(req.headers.authorization),
      });
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of result.headers) outHeaders[k] = v;
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
      context: async (ctx) => ({
        deps, viewer: await authenticate(deps.ds, authorizationOf(ctx.connectionParams), authenticateOpts), loaders: createLoaders(deps),
      }) satisfies ApiContext as unknown as Record<string, unknown>,
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
