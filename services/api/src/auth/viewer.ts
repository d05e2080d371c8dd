import type { Role } from '@anneal/db';
import { ApiError } from '../errors.js';

/**
 * A person, through an API key or a session. `roles` holds the organizations it may act in with its effective role
 * there: every membership for a personal key; for a key scoped to one organization only that
 * one, with the lesser of the key's role and the membership's (empty once the user left).
 */
export interface UserViewer {
  kind: 'user';
  /** An API key, or a session opened by signing in with a password. */
  via: 'key' | 'session';
  /** The API key's or the session's id. */
  keyId: string;
  userId: string;
  email: string;
  roles: ReadonlyMap<string, Role>;
  /** The organization a scoped key is limited to; null for a personal key. */
  scope: string | null;
}

/** An agent token: it fetches agent config for its organization's pools and nothing else. */
export interface AgentViewer {
  kind: 'agent';
  keyId: string;
  organizationId: string;
  pools: readonly string[];
  /** The user who created the token (null once that user is deleted). */
  createdBy: string | null;
}

/** Who is asking. */
export type Viewer = UserViewer | AgentViewer;

export const UNAUTHENTICATED_MESSAGE = 'missing, invalid or revoked API key (or a session that ended): send `Authorization: Bearer <api key>`, or sign in again';

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new ApiError('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
  return viewer;
}
