'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { CheckApiKeyQuery } from '@/lib/generated/graphql';
import { requestWithKey } from '@/lib/graphql';
import { describeApiError } from '@/lib/graphql-core';
import { API_KEY_COOKIE, API_KEY_COOKIE_MAX_AGE_S } from '@/lib/session';

export interface SignInState {
  error: string | null;
}

const CHECK_KEY_QUERY = /* GraphQL */ `
  query CheckApiKey {
    projects {
      id
    }
  }
`;

/** Only mark the cookie Secure when the page was served over HTTPS. */
async function servedOverHttps(): Promise<boolean> {
  const requestHeaders = await headers();
  const forwarded = requestHeaders.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (forwarded) return forwarded === 'https';
  return requestHeaders.get('origin')?.startsWith('https://') ?? false;
}

/** Checks the submitted API key against the API and, if accepted, stores it. */
export async function signIn(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const submitted = formData.get('apiKey');
  const apiKey = typeof submitted === 'string' ? submitted.trim() : '';
  if (apiKey === '') return { error: 'Enter an API key.' };

  try {
    await requestWithKey<CheckApiKeyQuery>(apiKey, CHECK_KEY_QUERY);
  } catch (error) {
    return { error: describeApiError(error) };
  }

  const store = await cookies();
  store.set(API_KEY_COOKIE, apiKey, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await servedOverHttps(),
    path: '/',
    maxAge: API_KEY_COOKIE_MAX_AGE_S,
  });
  redirect('/');
}

/** Forgets the stored API key. */
export async function signOut(): Promise<void> {
  const store = await cookies();
  store.delete(API_KEY_COOKIE);
  redirect('/signin');
}
