'use server';

import { redirect } from 'next/navigation';
import type {
  AcceptInviteMutation, AcceptInviteMutationVariables, CheckApiKeyQuery, SignInMutation, SignInMutationVariables,
} from '@/lib/generated/graphql';
import { requestWithKey } from '@/lib/graphql';
import { describeApiError } from '@/lib/graphql-core';
import { API_KEY_COOKIE_MAX_AGE_S, forgetCredential, isSessionToken, readApiKey, storeCredential } from '@/lib/session';

export interface SignInState {
  error: string | null;
  /** What the person typed, given back so a refused form keeps it (React resets forms after an action). */
  email?: string;
  name?: string;
}

const CHECK_KEY_QUERY = /* GraphQL */ `
  query CheckApiKey {
    projects {
      id
    }
  }
`;

const SIGN_IN_MUTATION = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
      expiresAt
    }
  }
`;

const ACCEPT_INVITE_MUTATION = /* GraphQL */ `
  mutation AcceptInvite($input: AcceptInviteInput!) {
    acceptInvite(input: $input) {
      token
      expiresAt
    }
  }
`;

const SIGN_OUT_MUTATION = /* GraphQL */ `
  mutation SignOut {
    signOut
  }
`;

const text = (formData: FormData, name: string): string => {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
};

const secondsUntil = (iso: string): number => (new Date(iso).getTime() - Date.now()) / 1000;

/** An API key when one is given (checked against the API, then stored); else email and password for a session. */
export async function signIn(previous: SignInState, formData: FormData): Promise<SignInState> {
  const apiKey = text(formData, 'apiKey').trim();
  if (apiKey === '') return signInWithPassword(previous, formData);
  try {
    await requestWithKey<CheckApiKeyQuery>(apiKey, CHECK_KEY_QUERY);
  } catch (error) {
    return { error: describeApiError(error) };
  }
  await storeCredential(apiKey, API_KEY_COOKIE_MAX_AGE_S);
  redirect('/');
}

async function signInWithPassword(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = text(formData, 'email').trim();
  const password = text(formData, 'password');
  if (email === '' || password === '') return { error: 'Enter your email and password, or an API key.', email };
  let session: SignInMutation['signIn'];
  try {
    session = (await requestWithKey<SignInMutation, SignInMutationVariables>(null, SIGN_IN_MUTATION, { input: { email, password } })).signIn;
  } catch (error) {
    return { error: describeApiError(error, 'Wrong email or password.'), email };
  }
  await storeCredential(session.token, secondsUntil(session.expiresAt));
  redirect('/');
}

/** Sets the invited person's password; the API signs them in at once. */
export async function acceptInvite(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const token = text(formData, 'token');
  const password = text(formData, 'password');
  const name = text(formData, 'name').trim();
  if (password !== text(formData, 'confirm')) return { error: 'The two passwords differ.', name };
  let session: AcceptInviteMutation['acceptInvite'];
  try {
    const input = name === '' ? { token, password } : { token, password, name };
    session = (await requestWithKey<AcceptInviteMutation, AcceptInviteMutationVariables>(null, ACCEPT_INVITE_MUTATION, { input })).acceptInvite;
  } catch (error) {
    return { error: describeApiError(error), name };
  }
  await storeCredential(session.token, secondsUntil(session.expiresAt));
  redirect('/');
}

/** Ends the session at the API (an API key stays valid: revoke it in Settings) and forgets the cookie. */
export async function signOut(): Promise<void> {
  const credential = await readApiKey();
  if (credential && isSessionToken(credential)) {
    // Best effort: the cookie goes either way, and an unreachable API must not keep anyone signed in here.
    await requestWithKey(credential, SIGN_OUT_MUTATION).catch(() => undefined);
  }
  await forgetCredential();
  redirect('/signin');
}
