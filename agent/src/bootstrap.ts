import { agentBootstrapSchema, type AgentBootstrap } from '@anneal/protocol';
import { AgentError } from './errors.js';
import type { AgentCredentialSource } from './options.js';

const QUERY = `query AgentConfig($natsUserKey: String) {
  agentConfig(natsUserKey: $natsUserKey) { natsUrl namespace organizationId pools assignmentPublicKey natsJwt natsJwtExpiresAt }
}`;
const TIMEOUT_MS = 15_000;

interface GraphQLError {
  message?: unknown;
  extensions?: { code?: unknown };
}

/**
 * Asks the Anneal server where its NATS is, authenticating with the agent token; with the agent's
 * NATS public key it also answers a JWT for that key.
 */
export async function fetchAgentBootstrap(serverUrl: string, token: string, natsUserKey: string | null = null): Promise<AgentBootstrap> {
  const url = `${serverUrl.replace(/\/+$/, '')}/graphql`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { natsUserKey } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new AgentError('SERVER_UNREACHABLE', `cannot reach the Anneal server at ${url}: ${describeFetchError(e)}`, { cause: e });
  }
  const text = await res.text().catch(() => '');
  const body = parseJson(text);
  const errors = graphQLErrors(body);
  if (res.status === 401 || res.status === 403 || errors.some((e) => e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN')) {
    const detail = errors.map((e) => e.message).join('; ') || text.slice(0, 200) || `HTTP ${res.status}`;
    throw new AgentError('UNAUTHORIZED', `the Anneal server at ${url} rejected the agent token (HTTP ${res.status}): ${detail}`);
  }
  if (errors.length > 0) {
    throw new AgentError('GRAPHQL_ERROR', `agentConfig query failed: ${errors.map((e) => e.message).join('; ')}`);
  }
  if (!res.ok) {
    throw new AgentError('HTTP_ERROR', `the Anneal server at ${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  const config = (body as { data?: { agentConfig?: unknown } } | undefined)?.data?.agentConfig;
  const parsed = agentBootstrapSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AgentError('BAD_BOOTSTRAP', `the Anneal server at ${url} sent an unusable agentConfig: ${issues}`);
  }
  return parsed.data;
}

/** NATS credentials issued by the Anneal server in exchange for the agent token. */
export function serverCredentialSource(serverUrl: string, token: string): AgentCredentialSource {
  return {
    async issue(userPublicKey) {
      const boot = await fetchAgentBootstrap(serverUrl, token, userPublicKey);
      if (boot.natsJwt === null || boot.natsJwtExpiresAt === null) {
        throw new AgentError('BAD_BOOTSTRAP', `the Anneal server at ${serverUrl} issued no NATS credentials for this agent`);
      }
      return { jwt: boot.natsJwt, expiresAt: new Date(boot.natsJwtExpiresAt) };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function graphQLErrors(body: unknown): Array<{ message: string; code: unknown }> {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e: GraphQLError) => ({
    message: typeof e?.message === 'string' ? e.message : JSON.stringify(e),
    code: e?.extensions?.code,
  }));
}

// fetch() hides the useful part (ECONNREFUSED, ENOTFOUND) in its cause.
function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
