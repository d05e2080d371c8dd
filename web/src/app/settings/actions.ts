'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import type {
  AddMemberMutation, AddMemberMutationVariables, CreateApiKeyMutation, CreateApiKeyMutationVariables, CreateInviteMutation,
  CreateInviteMutationVariables, RemoveMemberMutationVariables, RevokeApiKeyMutationVariables, Role, ApiKeyRole,
  SetMemberRoleMutationVariables,
} from '@/lib/generated/graphql';
import { requestAsSignedIn } from '@/lib/graphql';
import { describeApiError, ErrorCode, isGraphQLRequestError } from '@/lib/graphql-core';

/** What a settings form shows after it ran: an error, a sentence, and a secret shown this once. */
export interface SettingsState {
  error: string | null;
  message?: string;
  /** An invite link or a new key: shown once, never stored by the web. */
  secret?: string;
}

const ADD_MEMBER = /* GraphQL */ `
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      email
    }
  }
`;
const CREATE_INVITE = /* GraphQL */ `
  mutation CreateInvite($input: CreateInviteInput!) {
    createInvite(input: $input) {
      token
      expiresAt
    }
  }
`;
const SET_ROLE = /* GraphQL */ `
  mutation SetMemberRole($input: SetMemberRoleInput!) {
    setMemberRole(input: $input) {
      role
    }
  }
`;
const REMOVE_MEMBER = /* GraphQL */ `
  mutation RemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input)
  }
`;
const CREATE_KEY = /* GraphQL */ `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
    }
  }
`;
const REVOKE_KEY = /* GraphQL */ `
  mutation RevokeApiKey($id: String!) {
    revokeApiKey(idOrKey: $id) {
      revokedAt
    }
  }
`;

const text = (formData: FormData, name: string): string => {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

const failed = (error: unknown): SettingsState => ({ error: describeApiError(error) });

/** Links point back at this web UI, as the person who added the member sees it. */
async function inviteLink(token: string): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? '127.0.0.1:3000';
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? 'http';
  return `${proto}://${host}/invite/${encodeURIComponent(token)}`;
}

/** Adds the member, then makes their one-time link to set a password (unless they have one). */
export async function addMember(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  const organizationId = text(formData, 'organizationId');
  const email = text(formData, 'email');
  const role = text(formData, 'role') as Role;
  if (email === '') return { error: 'Enter an email.' };
  try {
    await requestAsSignedIn<AddMemberMutation, AddMemberMutationVariables>(ADD_MEMBER, { input: { organizationId, email, role } });
  } catch (error) {
    return failed(error);
  }
  revalidatePath('/settings');
  return invite(organizationId, email, `${email} was added as ${role.toLowerCase()}.`);
}

/** A fresh link for a member who has not set a password yet (the old link stops working). */
export async function reissueInvite(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  return invite(text(formData, 'organizationId'), text(formData, 'email'), '');
}

async function invite(organizationId: string, email: string, added: string): Promise<SettingsState> {
  try {
    const { createInvite } = await requestAsSignedIn<CreateInviteMutation, CreateInviteMutationVariables>(CREATE_INVITE, { input: { organizationId, email } });
    return {
      error: null,
      message: `${added} Hand ${email} this link to set a password; it works once, until ${createInvite.expiresAt.slice(0, 10)}.`.trim(),
      secret: await inviteLink(createInvite.token),
    };
  } catch (error) {
    // Someone who already signs in with a password (or belongs to other teams) sets it themselves.
    if (isGraphQLRequestError(error) && error.code === 'CONFLICT') return { error: null, message: `${added} ${error.message}`.trim() };
    return failed(error);
  }
}

export async function setMemberRole(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  const email = text(formData, 'email');
  const role = text(formData, 'role') as Role;
  try {
    await requestAsSignedIn<unknown, SetMemberRoleMutationVariables>(SET_ROLE, { input: { organizationId: text(formData, 'organizationId'), email, role } });
  } catch (error) {
    return failed(error);
  }
  revalidatePath('/settings');
  return { error: null, message: `${email} is now ${role.toLowerCase()}.` };
}

export async function removeMember(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  const email = text(formData, 'email');
  try {
    await requestAsSignedIn<unknown, RemoveMemberMutationVariables>(REMOVE_MEMBER, { input: { organizationId: text(formData, 'organizationId'), email } });
  } catch (error) {
    return failed(error);
  }
  revalidatePath('/settings');
  return { error: null, message: `${email} was removed.` };
}

export async function createApiKey(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  const name = text(formData, 'name');
  const role = text(formData, 'role') as ApiKeyRole;
  const pools = text(formData, 'pools').split(/[\s,]+/).filter((p) => p !== '');
  if (name === '') return { error: 'Give the key a name, e.g. what it is for.' };
  if (role === 'AGENT' && pools.length === 0) return { error: 'An agent token needs at least one pool, e.g. default.' };
  try {
    const input = { organizationId: text(formData, 'organizationId'), name, role, ...(role === 'AGENT' ? { pools } : {}) };
    const { createApiKey: created } = await requestAsSignedIn<CreateApiKeyMutation, CreateApiKeyMutationVariables>(CREATE_KEY, { input });
    revalidatePath('/settings');
    return { error: null, message: `Copy the key now: it is shown only this once.`, secret: created.key };
  } catch (error) {
    return failed(error);
  }
}

export async function revokeApiKey(_previous: SettingsState, formData: FormData): Promise<SettingsState> {
  try {
    await requestAsSignedIn<unknown, RevokeApiKeyMutationVariables>(REVOKE_KEY, { id: text(formData, 'id') });
  } catch (error) {
    if (isGraphQLRequestError(error) && error.code === ErrorCode.NOT_FOUND) return { error: 'That key is gone already.' };
    return failed(error);
  }
  revalidatePath('/settings');
  return { error: null, message: 'Revoked: the key stops working at once (an agent keeps NATS until its credentials expire).' };
}
