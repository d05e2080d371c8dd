import type { Metadata } from 'next';
import { AcceptInviteForm } from './AcceptInviteForm';

export const metadata: Metadata = { title: 'Join' };

/** The link an admin hands over (there is no mail server): the invited member sets a password here. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <div className="card">
      <h1>Join your team on Anneal</h1>
      <p>Choose the password you will sign in with. This link works once.</p>
      <AcceptInviteForm token={decodeURIComponent(token)} />
    </div>
  );
}
