import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorCode,
  GraphQLRequestError,
  describeApiError,
  problemsOf,
  executeGraphQL,
  graphqlUrl,
} from '../src/lib/graphql-core.ts';

/** What executeGraphQL passes to fetch: plain-object headers and a JSON string body. */
type SentInit = RequestInit & { headers: Record<string, string>; body: string };

/** A fetch stand-in that records its calls and answers with `respond()`. */
function fakeFetch(respond: (url: string, init: SentInit) => Response) {
  const calls: { url: string; init: SentInit }[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call = { url: String(input), init: init as SentInit };
    calls.push(call);
    return respond(call.url, call.init);
  };
  /** The first recorded call (fails the test when there is none). */
  const first = () => {
    const call = calls[0];
    assert.ok(call, 'fetch was called');
    return call;
  };
  return { calls, first, fetchImpl };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Narrows a rejection to GraphQLRequestError (asserting it is one). */
function requestError(error: unknown): GraphQLRequestError {
  assert.ok(error instanceof GraphQLRequestError, 'a GraphQLRequestError');
  return error;
}

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GraphQLRequestError, 'a GraphQLRequestError');
    assert.equal(error.code, code);
    return true;
  });
}

describe('graphqlUrl', () => {
  it('defaults to localhost:4000', () => {
    assert.equal(graphqlUrl(undefined), 'http://localhost:4000/graphql');
    assert.equal(graphqlUrl(''), 'http://localhost:4000/graphql');
  });

  it('appends /graphql once', () => {
    assert.equal(graphqlUrl('http://api:4000'), 'http://api:4000/graphql');
    assert.equal(graphqlUrl('https://anneal.example/api/'), 'https://anneal.example/api/graphql');
  });
});

describe('executeGraphQL', () => {
  it('POSTs JSON with the bearer key and resolves with data', async () => {
    const { calls, first, fetchImpl } = fakeFetch(() => json({ data: { projects: [{ id: 'p1' }] } }));
    const data = await executeGraphQL({
      url: 'http://api/graphql',
      query: 'query Q($id: ID!) { project(id: $id) { id } }',
      variables: { id: 'p1' },
      apiKey: 'secret',
      fetchImpl,
    });
    assert.deepEqual(data, { projects: [{ id: 'p1' }] });
    assert.equal(calls.length, 1);
    const { url, init } = first();
    assert.equal(url, 'http://api/graphql');
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['content-type'], 'application/json');
    assert.equal(init.headers.authorization, 'Bearer secret');
    assert.deepEqual(JSON.parse(init.body), {
      query: 'query Q($id: ID!) { project(id: $id) { id } }',
      variables: { id: 'p1' },
    });
  });

  it('sends no authorization header without a key', async () => {
    const { first, fetchImpl } = fakeFetch(() => json({ data: {} }));
    await executeGraphQL({ url: 'http://api/graphql', query: '{ projects { id } }', fetchImpl });
    assert.equal('authorization' in first().init.headers, false);
    assert.deepEqual(JSON.parse(first().init.body), { query: '{ projects { id } }' });
  });

  it('throws the extensions.code of a GraphQL error', async () => {
    const { fetchImpl } = fakeFetch(() =>
      json({ data: { sweep: null }, errors: [{ message: 'Sweep not found', extensions: { code: 'NOT_FOUND' } }] }),
    );
    await rejectsWith(executeGraphQL({ url: 'u', query: 'q', fetchImpl }), ErrorCode.NOT_FOUND);
  });

  it('reports UNAUTHENTICATED sent with HTTP 401, with or without a body', async () => {
    const withBody = fakeFetch(() =>
      json({ errors: [{ message: 'Invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] }, 401),
    );
    await rejectsWith(executeGraphQL({ url: 'u', query: 'q', fetchImpl: withBody.fetchImpl }), 'UNAUTHENTICATED');
    const bare = fakeFetch(() => new Response('Unauthorized', { status: 401 }));
    await rejectsWith(executeGraphQL({ url: 'u', query: 'q', fetchImpl: bare.fetchImpl }), 'UNAUTHENTICATED');
  });

  it('keeps every error message and entry', async () => {
    const { fetchImpl } = fakeFetch(() =>
      json({
        errors: [
          { message: 'first', extensions: { code: 'BAD_USER_INPUT' } },
          { message: 'second', extensions: { code: 'FORBIDDEN' } },
        ],
      }),
    );
    await assert.rejects(executeGraphQL({ url: 'u', query: 'q', fetchImpl }), (rejection: unknown) => {
      const error = requestError(rejection);
      assert.equal(error.code, 'BAD_USER_INPUT');
      assert.equal(error.message, 'first; second');
      assert.equal(error.errors.length, 2);
      assert.equal(error.status, 200);
      return true;
    });
  });

  it('uses GRAPHQL_ERROR for errors without a code', async () => {
    const { fetchImpl } = fakeFetch(() => json({ errors: [{ message: 'Cannot query field "x"' }] }));
    await rejectsWith(executeGraphQL({ url: 'u', query: 'q', fetchImpl }), ErrorCode.GRAPHQL_ERROR);
  });

  it('maps connection failures to API_UNREACHABLE', async () => {
    const { fetchImpl } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    await assert.rejects(executeGraphQL({ url: 'http://api:4000/graphql', query: 'q', fetchImpl }), (rejection: unknown) => {
      const error = requestError(rejection);
      assert.equal(error.code, ErrorCode.API_UNREACHABLE);
      assert.match(error.message, /http:\/\/api:4000\/graphql/);
      assert.ok(error.cause instanceof TypeError);
      return true;
    });
  });

  it('really reports a closed port as unreachable', async () => {
    await rejectsWith(
      executeGraphQL({ url: 'http://127.0.0.1:1/graphql', query: '{ projects { id } }', timeoutMs: 2000 }),
      ErrorCode.API_UNREACHABLE,
    );
  });

  it('rejects non-GraphQL answers', async () => {
    const html = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await rejectsWith(executeGraphQL({ url: 'u', query: 'q', fetchImpl: html.fetchImpl }), ErrorCode.BAD_RESPONSE);
    const noData = fakeFetch(() => json({}));
    await rejectsWith(executeGraphQL({ url: 'u', query: 'q', fetchImpl: noData.fetchImpl }), ErrorCode.BAD_RESPONSE);
    const serverError = fakeFetch(() => json({ data: null }, 500));
    await rejectsWith(
      executeGraphQL({ url: 'u', query: 'q', fetchImpl: serverError.fetchImpl }),
      ErrorCode.BAD_RESPONSE,
    );
  });
});

describe('describeApiError', () => {
  it('explains a rejected key and an unreachable API', () => {
    assert.match(describeApiError(new GraphQLRequestError('x', { code: 'UNAUTHENTICATED' })), /API key was not accepted/);
    const unreachable = new GraphQLRequestError('Could not reach the Anneal API at http://localhost:4000/graphql.', {
      code: ErrorCode.API_UNREACHABLE,
    });
    assert.match(describeApiError(unreachable), /Could not reach .*localhost:4000.* Is the API server running\?/);
  });

  it('falls back to the message', () => {
    assert.equal(describeApiError(new GraphQLRequestError('Bad cursor', { code: 'BAD_USER_INPUT' })), 'Bad cursor');
    assert.equal(describeApiError(new Error('boom')), 'boom');
    assert.equal(describeApiError('nope'), 'Unexpected error.');
  });
});

it('problemsOf reads the paths and messages an API error carries, and nothing from other errors', () => {
  const error = new GraphQLRequestError('invalid input', {
    code: 'BAD_USER_INPUT',
    errors: [{ message: 'invalid input', extensions: { code: 'BAD_USER_INPUT', problems: [{ path: 'tags.0', message: 'must not be empty' }] } }],
  });
  assert.deepEqual(problemsOf(error), [{ path: 'tags.0', message: 'must not be empty' }]);
  assert.deepEqual(problemsOf(new Error('boom')), []);
});
