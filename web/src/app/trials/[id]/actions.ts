'use server';

import { revalidatePath } from 'next/cache';
import type { StopTrialMutation, StopTrialMutationVariables } from '@/lib/generated/graphql';
import { requestAsSignedIn } from '@/lib/graphql';
import { describeApiError } from '@/lib/graphql-core';

export interface StopTrialState {
  error: string | null;
  done?: boolean;
}

const STOP_TRIAL = /* GraphQL */ `
  mutation StopTrial($id: ID!) {
    stopTrial(id: $id) {
      id
      status
    }
  }
`;

/** Stops one trial as the signed-in person; the sweep goes on. */
export async function stopTrial(_previous: StopTrialState, formData: FormData): Promise<StopTrialState> {
  const id = String(formData.get('id') ?? '');
  try {
    await requestAsSignedIn<StopTrialMutation, StopTrialMutationVariables>(STOP_TRIAL, { id });
  } catch (error) {
    return { error: describeApiError(error) };
  }
  revalidatePath(`/trials/${id}`);
  return { error: null, done: true };
}
