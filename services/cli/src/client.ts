import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.js';

export interface ClientOptions { server: string; token: string }

interface GraphQLErrorShape { message: string; extensions?: { code?: string; problems?: Array<{ path: string; message: string }> } }

/** Finds the API key: --token, then ANNEAL_API_KEY, then the admin key `anneal up` saved. */
export function resolveToken(flag: string | undefined, home: string): string {
  const token = flag ?? process.env.ANNEAL_API_KEY;
  if (token) return token;
  const saved = join(home, 'admin-key');
  if (existsSync(saved)) return readFileSync(saved, 'utf8').trim();
  throw new CliError('NO_API_KEY', `no API key: pass --token, set ANNEAL_API_KEY, or run \`anneal up\` once (it saves the admin key to ${saved})`);
}

export async function graphql<T>(opts: ClientOptions, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const endpoint = `${opts.server.replace(/\/+$/, '')}/graphql`;
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new CliError('API_UNREACHABLE', `cannot reach the Anneal API at ${endpoint} (${(e as Error).cause ?? (e as Error).message}); is \`anneal up\` running? (--server / ANNEAL_SERVER)`);
  }
  let body: { data?: T; errors?: GraphQLErrorShape[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new CliError('API_ERROR', `the API at ${endpoint} answered HTTP ${res.status} with a body that is not JSON`);
  }
  if (body.errors?.length) {
    const lines = body.errors.map((e) => {
      const problems = e.extensions?.problems;
      return problems?.length && !e.message.includes('\n') ? `${e.message}\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}` : e.message;
    });
    throw new CliError('API_ERROR', lines.join('\n'));
  }
  if (!body.data) throw new CliError('API_ERROR', `the API answered HTTP ${res.status} without data`);
  return body.data;
}
