// The API key lives in an httpOnly cookie; only server code can read it.
import { cookies } from 'next/headers';

export const API_KEY_COOKIE = 'anneal_api_key';

/** 30 days. */
export const API_KEY_COOKIE_MAX_AGE_S = 60 * 60 * 24 * 30;

export async function readApiKey(): Promise<string | undefined> {
  const store = await cookies();
  const value = store.get(API_KEY_COOKIE)?.value;
  return value && value.length > 0 ? value : undefined;
}

export async function isSignedIn(): Promise<boolean> {
  return (await readApiKey()) !== undefined;
}
