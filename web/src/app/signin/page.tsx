import type { Metadata } from 'next';
import { SignInForm } from './SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, string> = {
  expired: 'The API no longer accepts the stored API key. Sign in again.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  const notice = typeof reason === 'string' ? REASONS[reason] : undefined;
  return (
    <div className="card">
      <h1>Sign in to Anneal</h1>
      <p>Paste an API key. It is checked against the API and kept in an httpOnly cookie.</p>
      {notice ? <div className="notice warn">{notice}</div> : null}
      <SignInForm />
    </div>
  );
}
