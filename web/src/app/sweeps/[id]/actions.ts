'use server';

import { revalidatePath } from 'next/cache';
import type { PauseSweepMutation, ResumeSweepMutation, StopSweepMutation, UpdateSweepMutation, UpdateSweepMutationVariables } from '@/lib/generated/graphql';
import { requestAsSignedIn } from '@/lib/graphql';
import { describeApiError } from '@/lib/graphql-core';

export interface SweepActionState {
  error: string | null;
}

const STOP = /* GraphQL */ `
  mutation StopSweep($id: ID!) {
    stopSweep(id: $id) {
      id
      status
    }
  }
`;
const PAUSE = /* GraphQL */ `
  mutation PauseSweep($id: ID!) {
    pauseSweep(id: $id) {
      id
      status
    }
  }
`;
const RESUME = /* GraphQL */ `
  mutation ResumeSweep($id: ID!) {
    resumeSweep(id: $id) {
      id
      status
    }
  }
`;

const MUTATIONS = { stop: STOP, pause: PAUSE, resume: RESUME } as const;
export type SweepAction = keyof typeof MUTATIONS;
type Results = StopSweepMutation | PauseSweepMutation | ResumeSweepMutation;

/** Stop, pause or resume a sweep as the signed-in person; the API refuses roles below member. */
export async function changeSweep(_previous: SweepActionState, formData: FormData): Promise<SweepActionState> {
  const id = String(formData.get('id') ?? '');
  const action = String(formData.get('action') ?? '') as SweepAction;
  const mutation = MUTATIONS[action];
  if (!mutation) return { error: `unknown action ${action}` };
  try {
    await requestAsSignedIn<Results>(mutation, { id });
  } catch (error) {
    return { error: describeApiError(error) };
  }
  revalidatePath(`/sweeps/${id}`);
  return { error: null };
}

const UPDATE = /* GraphQL */ `
  mutation UpdateSweep($id: ID!, $input: UpdateSweepInput!) {
    updateSweep(id: $id, input: $input) {
      id
      maxConcurrent
      runCap
    }
  }
`;

export interface SweepLimitsState {
  error: string | null;
  message?: string;
}

const wholeNumber = (formData: FormData, name: string): number | undefined => {
  const text = String(formData.get(name) ?? '').trim();
  return text === '' ? undefined : Number(text);
};

/** Changes run_cap and max_concurrent of a sweep that runs; the API validates both. */
export async function updateSweepLimits(_previous: SweepLimitsState, formData: FormData): Promise<SweepLimitsState> {
  const id = String(formData.get('id') ?? '');
  const runCap = wholeNumber(formData, 'runCap');
  const maxConcurrent = wholeNumber(formData, 'maxConcurrent');
  try {
    const input = { ...(runCap !== undefined ? { runCap } : {}), ...(maxConcurrent !== undefined ? { maxConcurrent } : {}) };
    await requestAsSignedIn<UpdateSweepMutation, UpdateSweepMutationVariables>(UPDATE, { id, input });
  } catch (error) {
    return { error: describeApiError(error) };
  }
  revalidatePath(`/sweeps/${id}`);
  return { error: null, message: 'Saved: the scheduler applies it at once.' };
}
