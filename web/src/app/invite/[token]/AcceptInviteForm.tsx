'use client';

import { useActionState } from 'react';
import { acceptInvite, type SignInState } from '../../actions';

const initialState: SignInState = { error: null };

export function AcceptInviteForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(acceptInvite, initialState);
  return (
    <form action={formAction} aria-label="Set your password">
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <div className="field">
        <label htmlFor="name">Your name (optional)</label>
        <input id="name" name="name" type="text" autoComplete="name" maxLength={100} defaultValue={state.name ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="password">Password (at least 10 characters)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="confirm">Password again</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={10} required />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Saving…' : 'Set password and sign in'}
      </button>
    </form>
  );
}
