import type { WhoAmIQuery } from '@/lib/generated/graphql';
import { requestWithKey } from '@/lib/graphql';
import { readApiKey } from '@/lib/session';

const WHO_AM_I_QUERY = /* GraphQL */ `
  query WhoAmI {
    me {
      email
      name
      signedInWith
    }
    organizations {
      id
      name
      role
    }
  }
`;

const ROLE_WORDS: Record<string, string> = { OWNER: 'owner', ADMIN: 'admin', MEMBER: 'member', VIEWER: 'viewer' };

/**
 * Who is signed in, in which organizations and with which role, so nobody acts in the wrong
 * team or wonders why a button is missing. Renders nothing when the API cannot say (the page
 * itself explains an unreachable API).
 */
export async function WhoAmI() {
  const credential = await readApiKey();
  if (!credential) return null;
  let data: WhoAmIQuery;
  try {
    data = await requestWithKey<WhoAmIQuery>(credential, WHO_AM_I_QUERY);
  } catch {
    return null;
  }
  const { me, organizations } = data;
  return (
    <div className="whoami" aria-label="Signed in as">
      <span className="whoami-person" title={me.signedInWith === 'KEY' ? 'signed in with an API key' : 'signed in with a password'}>
        {me.name !== me.email ? `${me.name} · ` : ''}
        {me.email}
      </span>
      {organizations.map((o) => (
        <span key={o.id} className="whoami-org">
          {o.name} <span className={`role role-${o.role.toLowerCase()}`}>{ROLE_WORDS[o.role] ?? o.role}</span>
        </span>
      ))}
    </div>
  );
}
