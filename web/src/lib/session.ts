// The credential lives in an httpOnly cookie; only server code can read it. It is either a
// session token (`ans_…`, from signing in with email and password) or an API key (`ank_…`).
import { cookies, headers } from 'next/headers';

export const API_KEY_COOKIE = 'anneal_api_key';

/** 30 days for an API key; a session's cookie lives as long as the session. */
export const API_KEY_COOKIE_MAX_AGE_S = 60 * 60 * 24 * 30;

export async function readApiKey(): Promise<string | undefined> {
  const store = await cookies();
  const value = store.get(API_KEY_COOKIE)?.value;
  return value && value.length > 0 ? value : undefined;
}

export async function isSignedIn(): Promise<boolean> {
  return (await readApiKey()) !== undefined;
}

/** Whether the stored credential is a session (signing out must end it at the API too). */
export function isSessionToken(credential: string): boolean {
  return credential.startsWith('ans_');
}

/** Only mark the cookie Secure when the page was served over HTTPS. */
async function servedOverHttps(): Promise<boolean> {
  const requestHeaders = await headers();
  const forwarded = requestHeaders.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (forwarded) return forwarded === 'https';
  return requestHeaders.get('origin')?.startsWith('https://') ?? false;
}

/** Stores a credential for `maxAgeS` seconds; SameSite=Lax keeps it off cross-site posts. */
export async function storeCredential(credential: string, maxAgeS: number): Promise<void> {
  const store = await cookies();
  store.set(API_KEY_COOKIE, credential, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await servedOverHttps(),
    path: '/',
    maxAge: Math.max(1, Math.floor(maxAgeS)),
  });
}

export async function forgetCredential(): Promise<void> {
  const store = await cookies();
  store.delete(API_KEY_COOKIE);
}
