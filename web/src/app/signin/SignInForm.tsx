'use client';

import { useActionState } from 'react';
import { signIn, type SignInState } from '../actions';

const initialState: SignInState = { error: null };

/**
 * One form, one "Sign in" button: people give their email and password; scripts and admins
 * may give an API key instead (it wins when both are filled).
 */
export function SignInForm() {
  const [state, formAction, pending] = useActionState(signIn, initialState);
  return (
    <form action={formAction} aria-label="Sign in">
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" defaultValue={state.email ?? ''} autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" />
      </div>
      <p className="subtle-heading">Or, for admins and scripts</p>
      <div className="field">
        <label htmlFor="apiKey">API key</label>
        <input id="apiKey" name="apiKey" type="password" autoComplete="off" spellCheck={false} />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
