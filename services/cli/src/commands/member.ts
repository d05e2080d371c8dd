import type { Command } from 'commander';
import { graphql, type ClientOptions } from '../client.js';
import { table } from '../output.js';
import { MEMBER_ROLES, ORG_OPTION, organizationId, roleArgument, shortDate } from './organization-option.js';

interface Member { email: string; name: string; role: string; joinedAt: string }

export function registerMemberCommands(program: Command, client: () => ClientOptions, out: (s: string) => void): void {
  const member = program.command('member').description("an organization's people and their roles (owner, admin, member, viewer)");
  const role = roleArgument(MEMBER_ROLES);

  member.command('add')
    .description('add a person by email (admins add up to admin; owners also owners)')
    .argument('<email>', 'their email')
    .requiredOption('--role <role>', MEMBER_ROLES.join(', '), role)
    .option(...ORG_OPTION)
    .action(async (email: string, o: { role: string; org?: string }) => {
      const organization = await organizationId(client(), o.org);
      const { addMember: m } = await graphql<{ addMember: Member }>(client(), 'mutation($i: AddMemberInput!) { addMember(input: $i) { email role } }',
        { i: { email, role: o.role.toUpperCase(), organizationId: organization } });
      out(`added ${m.email} as ${m.role.toLowerCase()}; give them a first key with: anneal key create --role ${m.role.toLowerCase()} --for ${m.email}${o.org ? ` --org ${o.org}` : ''}`);
    });

  member.command('ls')
    .description('list members')
    .option(...ORG_OPTION)
    .action(async (o: { org?: string }) => {
      const { members } = await graphql<{ members: Member[] }>(client(), 'query($o: ID) { members(organizationId: $o) { email name role joinedAt } }',
        { o: await organizationId(client(), o.org) });
      out(table(['EMAIL', 'NAME', 'ROLE', 'JOINED'], members.map((m) => [m.email, m.name, m.role.toLowerCase(), shortDate(m.joinedAt)])));
    });

  member.command('remove')
    .description('remove a person (the last owner cannot be removed)')
    .argument('<email>', 'their email')
    .option(...ORG_OPTION)
    .action(async (email: string, o: { org?: string }) => {
      await graphql(client(), 'mutation($i: RemoveMemberInput!) { removeMember(input: $i) }', { i: { email, organizationId: await organizationId(client(), o.org) } });
      out(`removed ${email}`);
    });

  member.command('role')
    .description("change a person's role (only owners make or unmake owners; the last owner stays one)")
    .argument('<email>', 'their email')
    .argument('<role>', MEMBER_ROLES.join(', '), role)
    .option(...ORG_OPTION)
    .action(async (email: string, newRole: string, o: { org?: string }) => {
      const { setMemberRole: m } = await graphql<{ setMemberRole: Member }>(client(), 'mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { email role } }',
        { i: { email, role: newRole.toUpperCase(), organizationId: await organizationId(client(), o.org) } });
      out(`${m.email} is now ${m.role.toLowerCase()}`);
    });
}
