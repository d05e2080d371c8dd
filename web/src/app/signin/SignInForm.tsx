'use client';

import { useActionState } from 'react';
import { signIn, signInWithPassword, type SignInState } from '../actions';

const initialState: SignInState = { error: null };

function ErrorNotice({ error }: { error: string | null }) {
  return error ? (
    <div className="notice error" role="alert">
      {error}
    </div>
  ) : null;
}

/** People sign in with email and password; scripts' and admins' API keys still work below. */
export function PasswordSignInForm() {
  const [state, formAction, pending] = useActionState(signInWithPassword, initialState);
  return (
    <form action={formAction} aria-label="Sign in with email and password">
      <ErrorNotice error={state.error} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" defaultValue={state.email ?? ''} required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

export function SignInForm() {
  const [state, formAction, pending] = useActionState(signIn, initialState);
  return (
    <form action={formAction} aria-label="Sign in with an API key">
      <ErrorNotice error={state.error} />
      <div className="field">
        <label htmlFor="apiKey">API key</label>
        <input id="apiKey" name="apiKey" type="password" autoComplete="off" spellCheck={false} required />
      </div>
      <button type="submit" className="button ghost" disabled={pending}>
        {pending ? 'Checking…' : 'Sign in with key'}
      </button>
    </form>
  );
}
