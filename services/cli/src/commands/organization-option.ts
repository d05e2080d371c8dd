import { InvalidArgumentError } from 'commander';
import { graphql, type ClientOptions } from '../client.js';
import { CliError } from '../errors.js';

export const ORG_OPTION = ['--org <name>', 'organization by name (default: your only one)'] as const;

/** Roles as typed on the command line (any case), checked before anything is sent. */
export const roleArgument = (allowed: readonly string[]) => (v: string): string => {
  const role = v.trim().toLowerCase();
  if (!allowed.includes(role)) throw new InvalidArgumentError(`the role must be one of ${allowed.join(', ')}`);
  return role;
};

export const MEMBER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;

/**
 * `--org NAME` to the organization's id through the caller's own `organizations`, so a typo
 * lists what they could have meant. Without a name the API picks the caller's only one.
 */
export async function organizationId(client: ClientOptions, name: string | undefined): Promise<string | undefined> {
  if (name === undefined) return undefined;
  const { organizations } = await graphql<{ organizations: Array<{ id: string; name: string; role: string }> }>(client, '{ organizations { id name role } }');
  const found = organizations.find((o) => o.name === name);
  if (found) return found.id;
  const yours = organizations.map((o) => `${o.name} (${o.role.toLowerCase()})`).join(', ');
  throw new CliError('BAD_FLAG', `no organization named "${name}" among yours: ${yours || 'you belong to none'}`);
}

/** Dates as people read them in a table: UTC to the minute. */
export function shortDate(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-';
}
