import type { Command } from 'commander';
import { graphql, type ClientOptions } from '../client.js';
import { table } from '../output.js';
import { shortDate } from './organization-option.js';

export function registerOrgCommands(program: Command, client: () => ClientOptions, out: (s: string) => void): void {
  const org = program.command('org').description('organizations: create one, list yours');

  org.command('create')
    .description('create an organization; you become its owner')
    .argument('<name>', 'organization name (unique)')
    .action(async (name: string) => {
      const { createOrganization: o } = await graphql<{ createOrganization: { id: string; name: string } }>(client(),
        'mutation($name: String!) { createOrganization(name: $name) { id name } }', { name });
      out(`created organization ${o.name} (${o.id}); you are its owner. Add people with: anneal member add EMAIL --role ROLE --org ${o.name}`);
    });

  org.command('ls')
    .description('your organizations and your role in each')
    .action(async () => {
      const { organizations } = await graphql<{ organizations: Array<{ id: string; name: string; role: string; createdAt: string }> }>(client(),
        '{ organizations { id name role createdAt } }');
      out(table(['ID', 'NAME', 'ROLE', 'CREATED'], organizations.map((o) => [o.id, o.name, o.role.toLowerCase(), shortDate(o.createdAt)])));
    });
}
