import type { Command } from 'commander';
import { graphql, type ClientOptions } from '../client.js';
import { table } from '../output.js';
import { MEMBER_ROLES, ORG_OPTION, organizationId, roleArgument, shortDate } from './organization-option.js';

interface ApiKey {
  id: string; name: string; kind: string; role: string | null; pools: string[]; prefix: string; userEmail: string;
  createdBy: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null;
}

const KEY_ROLES = [...MEMBER_ROLES, 'agent'] as const;
const collect = (v: string, all: string[]): string[] => [...all, v];

/** `anneal key create|ls|revoke`, under the `key` command that also holds `generate`. */
export function registerKeyCommands(key: Command, client: () => ClientOptions, out: (s: string) => void): void {
  key.command('create')
    .description('create an API key with at most your role, or (admins) an agent token for some pools; prints the key last')
    .requiredOption('--role <role>', KEY_ROLES.join(', '), roleArgument(KEY_ROLES))
    .option('--pool <pool>', 'a pool the agent token serves (repeatable; needed for --role agent)', collect, [])
    .option('--name <name>', 'what the key is for (default: the role and the date)')
    .option('--for <email>', "admins and owners: a key for this member (say, their first), acting as them; default: your own")
    .option(...ORG_OPTION)
    .action(async (o: { role: string; pool: string[]; name?: string; for?: string; org?: string }) => {
      const name = o.name ?? `${o.role} ${new Date().toISOString().slice(0, 10)}`;
      const { createApiKey: created } = await graphql<{ createApiKey: { key: string; apiKey: ApiKey } }>(client(),
        'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id name kind pools userEmail } } }',
        { i: { name, role: o.role.toUpperCase(), ...(o.pool.length ? { pools: o.pool } : {}), ...(o.for ? { email: o.for } : {}), organizationId: await organizationId(client(), o.org) } });
      const what = created.apiKey.kind === 'AGENT' ? `agent token for pools ${created.apiKey.pools.join(', ')}` : `${o.role} key for ${created.apiKey.userEmail}`;
      out(`created ${what} "${created.apiKey.name}" (${created.apiKey.id})`);
      out('The key is shown only this once (only its hash is stored); keep it somewhere safe:');
      // Last on purpose: scripts take the key with `| tail -n 1`.
      out(created.key);
    });

  key.command('ls')
    .description('list API keys: all of the organization for admins and owners, your own for others')
    .option(...ORG_OPTION)
    .action(async (o: { org?: string }) => {
      const { apiKeys } = await graphql<{ apiKeys: ApiKey[] }>(client(),
        'query($o: ID) { apiKeys(organizationId: $o) { id name kind role pools prefix userEmail createdBy createdAt lastUsedAt revokedAt } }',
        { o: await organizationId(client(), o.org) });
      out(table(['ID', 'NAME', 'KIND', 'ROLE', 'POOLS', 'PREFIX', 'USER', 'CREATED BY', 'CREATED', 'LAST USED', 'REVOKED'], apiKeys.map((k) => [
        k.id, k.name, k.kind.toLowerCase(), k.role?.toLowerCase() ?? '-', k.pools.join(',') || '-', k.prefix, k.userEmail, k.createdBy ?? '-',
        shortDate(k.createdAt), shortDate(k.lastUsedAt), shortDate(k.revokedAt),
      ])));
    });

  key.command('revoke')
    .description('revoke a key by id or by the key itself (yours always; any of the organization for admins and owners)')
    .argument('<key-or-id>', 'the key id (see `anneal key ls`) or the whole key')
    .action(async (idOrKey: string) => {
      const { revokeApiKey: k } = await graphql<{ revokeApiKey: ApiKey }>(client(),
        'mutation($k: String!) { revokeApiKey(idOrKey: $k) { id name revokedAt } }', { k: idOrKey });
      out(`revoked key "${k.name}" (${k.id}) at ${k.revokedAt}`);
    });
}
