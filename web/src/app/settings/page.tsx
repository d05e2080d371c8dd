import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiErrorNotice } from '@/components/ApiErrorNotice';
import { DateTime } from '@/components/DateTime';
import type { OrganizationsForSettingsQuery, SettingsQuery, SettingsQueryVariables } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';
import { canManageMember, canRevokeKey, grantableRoles, keyRoles, type RoleName } from '@/lib/roles';
import { addMember, createApiKey, reissueInvite, removeMember, revokeApiKey, setMemberRole } from './actions';
import { SettingsForm } from './SettingsForm';

export const metadata: Metadata = { title: 'Settings' };

const ORGANIZATIONS_QUERY = /* GraphQL */ `
  query OrganizationsForSettings {
    me {
      email
    }
    organizations {
      id
      name
      role
    }
  }
`;

const SETTINGS_QUERY = /* GraphQL */ `
  query Settings($org: ID) {
    members(organizationId: $org) {
      email
      name
      role
      joinedAt
    }
    apiKeys(organizationId: $org) {
      id
      name
      kind
      role
      pools
      prefix
      userEmail
      createdBy
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`;

const word = (role: string): string => role.toLowerCase();

function RolePicker({ roles, selected, label }: { roles: readonly string[]; selected: string; label: string }) {
  return (
    <select name="role" defaultValue={selected} aria-label={label}>
      {roles.map((r) => (
        <option key={r} value={r}>
          {word(r)}
        </option>
      ))}
    </select>
  );
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org: requested } = await searchParams;
  const orgs = await tryGql<OrganizationsForSettingsQuery>(ORGANIZATIONS_QUERY);
  if (!orgs.ok) return <ApiErrorNotice error={orgs.error} retryHref="/settings" />;
  const { organizations, me } = orgs.data;
  const org = organizations.find((o) => o.id === requested) ?? organizations[0];
  if (!org) return <div className="empty">You are not a member of any organization.</div>;
  const result = await tryGql<SettingsQuery, SettingsQueryVariables>(SETTINGS_QUERY, { org: org.id });
  if (!result.ok) return <ApiErrorNotice error={result.error} retryHref={`/settings?org=${org.id}`} />;
  const { members, apiKeys } = result.data;
  const actor = org.role as RoleName;
  const grantable = grantableRoles(actor);
  const keyChoices = keyRoles(actor);
  const orgField = <input type="hidden" name="organizationId" value={org.id} />;

  return (
    <>
      <div className="page-header">
        <h1>Settings</h1>
        <p className="muted">
          {org.name}: you are {word(org.role)}
          {organizations.length > 1 ? (
            <>
              {' · switch to '}
              {organizations.filter((o) => o.id !== org.id).map((o, i) => (
                <span key={o.id}>
                  {i > 0 ? ', ' : ''}
                  <Link href={`/settings?org=${o.id}`}>{o.name}</Link>
                </span>
              ))}
            </>
          ) : null}
        </p>
      </div>

      <section className="section" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Role</th>
                <th>Joined</th>
                {grantable.length > 0 ? <th>Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const manageable = canManageMember(actor, m.role as RoleName) && m.email !== me.email;
                return (
                  <tr key={m.email}>
                    <td>{m.email}</td>
                    <td>{m.name}</td>
                    <td>{word(m.role)}</td>
                    <td>
                      <DateTime iso={m.joinedAt} />
                    </td>
                    {grantable.length > 0 ? (
                      <td className="row-actions">
                        {manageable ? (
                          <>
                            <SettingsForm action={setMemberRole} label={`Change the role of ${m.email}`} submit="Change role" inline>
                              {orgField}
                              <input type="hidden" name="email" value={m.email} />
                              {/* Keyed on the role so a changed role re-renders the picker with it selected. */}
                              <RolePicker key={m.role} roles={grantable} selected={m.role} label={`role of ${m.email}`} />
                            </SettingsForm>
                            <SettingsForm action={reissueInvite} label={`New invite link for ${m.email}`} submit="Invite link" inline>
                              {orgField}
                              <input type="hidden" name="email" value={m.email} />
                            </SettingsForm>
                            <SettingsForm action={removeMember} label={`Remove ${m.email}`} submit="Remove" danger inline>
                              {orgField}
                              <input type="hidden" name="email" value={m.email} />
                            </SettingsForm>
                          </>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {grantable.length > 0 ? (
          <SettingsForm action={addMember} label="Add a member" submit="Add member">
            {orgField}
            <label className="inline-field">
              Email <input name="email" type="email" required autoComplete="off" />
            </label>
            <RolePicker roles={grantable} selected="MEMBER" label="role of the new member" />
          </SettingsForm>
        ) : null}
      </section>

      <section className="section" aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        <p className="muted">
          {grantable.length > 0 ? 'Every key of this organization.' : 'Your keys.'} Agent tokens are for{' '}
          <code>anneal agent --token-file</code> and serve only their pools.
        </p>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Acts as</th>
                <th>Role or pools</th>
                <th>Created</th>
                <th>Last used</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {apiKeys.length === 0 ? (
                <tr>
                  <td colSpan={7} className="muted">
                    No keys.
                  </td>
                </tr>
              ) : null}
              {apiKeys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}</code>
                  </td>
                  <td>{k.userEmail}</td>
                  <td>{k.kind === 'AGENT' ? `agent: ${k.pools.join(', ')}` : k.role ? word(k.role) : 'personal (their roles)'}</td>
                  <td>
                    <DateTime iso={k.createdAt} />
                    {k.createdBy ? <span className="sub">by {k.createdBy}</span> : null}
                  </td>
                  <td>{k.lastUsedAt ? <DateTime iso={k.lastUsedAt} /> : 'never'}</td>
                  <td>
                    {k.revokedAt ? (
                      <>
                        revoked <DateTime iso={k.revokedAt} />
                      </>
                    ) : canRevokeKey(actor, k.userEmail === me.email) ? (
                      <SettingsForm action={revokeApiKey} label={`Revoke ${k.name}`} submit="Revoke" danger inline>
                        <input type="hidden" name="id" value={k.id} />
                      </SettingsForm>
                    ) : (
                      'active'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {keyChoices.length > 0 ? (
          <SettingsForm action={createApiKey} label="Create an API key" submit="Create key">
            {orgField}
            <label className="inline-field">
              Name <input name="name" type="text" required maxLength={100} autoComplete="off" />
            </label>
            <RolePicker roles={keyChoices} selected={keyChoices.includes('MEMBER') ? 'MEMBER' : keyChoices[0]!} label="role of the new key" />
            <label className="inline-field">
              Pools (agent tokens) <input name="pools" type="text" placeholder="default" autoComplete="off" />
            </label>
          </SettingsForm>
        ) : null}
      </section>
    </>
  );
}
