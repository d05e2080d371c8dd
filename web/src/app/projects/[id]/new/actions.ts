'use server';

import { redirect } from 'next/navigation';
import type {
  CheckSweepConfigQuery, CheckSweepConfigQueryVariables, CreateSweepFromEditorMutation, CreateSweepFromEditorMutationVariables,
} from '@/lib/generated/graphql';
import { requestAsSignedIn } from '@/lib/graphql';
import { describeApiError, problemsOf } from '@/lib/graphql-core';

export interface ConfigProblemView {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface CheckResult {
  problems: ConfigProblemView[];
  /** The request itself failed (signed out, API unreachable): not a problem of the config. */
  error: string | null;
}

const CHECK = /* GraphQL */ `
  query CheckSweepConfig($config: String!) {
    validateSweepConfig(config: $config) {
      ok
      problems {
        path
        message
      }
      warnings {
        path
        message
      }
    }
  }
`;

const CREATE = /* GraphQL */ `
  mutation CreateSweepFromEditor($input: CreateSweepInput!) {
    createSweep(input: $input) {
      id
    }
  }
`;

/** What the API says of the config as it stands; the editor marks each problem at its line. */
export async function checkConfig(config: string): Promise<CheckResult> {
  try {
    const { validateSweepConfig: v } = await requestAsSignedIn<CheckSweepConfigQuery, CheckSweepConfigQueryVariables>(CHECK, { config });
    return {
      problems: [
        ...v.problems.map((p) => ({ ...p, severity: 'error' as const })),
        ...v.warnings.map((p) => ({ ...p, severity: 'warning' as const })),
      ],
      error: null,
    };
  } catch (error) {
    return { problems: [], error: describeApiError(error) };
  }
}

/** Creates the sweep and opens it; problems come back with the config's own paths. */
export async function createSweepFromEditor(projectId: string, config: string): Promise<CheckResult> {
  let id: string;
  try {
    id = (await requestAsSignedIn<CreateSweepFromEditorMutation, CreateSweepFromEditorMutationVariables>(CREATE, { input: { projectId, config } })).createSweep.id;
  } catch (error) {
    const problems = problemsOf(error);
    if (problems.length > 0) {
      return { problems: problems.map((p) => ({ path: p.path.replace(/^config\.?/, ''), message: p.message, severity: 'error' })), error: null };
    }
    return { problems: [], error: describeApiError(error) };
  }
  redirect(`/sweeps/${encodeURIComponent(id)}`);
}
