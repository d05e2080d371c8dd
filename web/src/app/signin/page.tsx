import type { Metadata } from 'next';
import { SignInForm } from './SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, string> = {
  expired: 'Your session ended or the API no longer accepts the stored key. Sign in again.',
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
      {notice ? <div className="notice warn">{notice}</div> : null}
      <p>With your email and password, or an API key. What you are signed in with is kept in an httpOnly cookie.</p>
      <SignInForm />
    </div>
  );
}
