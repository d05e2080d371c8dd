'use server';

import { revalidatePath } from 'next/cache';
import type { AnnotateSweepMutation, AnnotateSweepMutationVariables, AnnotateTrialMutation, AnnotateTrialMutationVariables } from '@/lib/generated/graphql';
import { requestAsSignedIn } from '@/lib/graphql';
import { describeApiError, problemsOf } from '@/lib/graphql-core';

export interface AnnotationState {
  error: string | null;
  saved?: boolean;
}

const ANNOTATE_SWEEP = /* GraphQL */ `
  mutation AnnotateSweep($id: ID!, $input: AnnotationInput!) {
    annotateSweep(id: $id, input: $input) {
      id
    }
  }
`;
const ANNOTATE_TRIAL = /* GraphQL */ `
  mutation AnnotateTrial($id: ID!, $input: AnnotationInput!) {
    annotateTrial(id: $id, input: $input) {
      id
    }
  }
`;

/** Tags are typed as one line, separated by commas or spaces. */
const tagsOf = (text: string): string[] => text.split(/[\s,]+/).filter((t) => t !== '');

async function annotate(kind: 'sweep' | 'trial', formData: FormData): Promise<AnnotationState> {
  const id = String(formData.get('id') ?? '');
  const input = { notes: String(formData.get('notes') ?? ''), tags: tagsOf(String(formData.get('tags') ?? '')) };
  try {
    if (kind === 'sweep') await requestAsSignedIn<AnnotateSweepMutation, AnnotateSweepMutationVariables>(ANNOTATE_SWEEP, { id, input });
    else await requestAsSignedIn<AnnotateTrialMutation, AnnotateTrialMutationVariables>(ANNOTATE_TRIAL, { id, input });
  } catch (error) {
    const problems = problemsOf(error);
    return { error: problems.length > 0 ? problems.map((p) => `${p.path}: ${p.message}`).join('; ') : describeApiError(error) };
  }
  revalidatePath(`/${kind}s/${id}`);
  return { error: null, saved: true };
}

export async function annotateSweepAction(_previous: AnnotationState, formData: FormData): Promise<AnnotationState> {
  return annotate('sweep', formData);
}

export async function annotateTrialAction(_previous: AnnotationState, formData: FormData): Promise<AnnotationState> {
  return annotate('trial', formData);
}
