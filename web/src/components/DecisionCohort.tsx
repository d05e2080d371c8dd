import { ApiErrorNotice } from '@/components/ApiErrorNotice';
import { CurvesChart } from '@/components/CurvesChart';
import { cohortAtStep, describeCohort, valueAtStep } from '@/lib/cohort';
import type { Point } from '@/lib/chart';
import type { TrialCohortQuery, TrialCohortQueryVariables } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';

/** The sweep's trials a stopped trial is drawn against: the best ones, whose curves set the bar. */
const COHORT = 40;

const COHORT_QUERY = /* GraphQL */ `
  query TrialCohort($id: ID!, $keys: [String!]!, $first: Int!) {
    trial(id: $id) {
      sweep {
        trials(first: $first, orderBy: OBJECTIVE) {
          edges {
            node {
              id
              number
              status
              metrics(keys: $keys) {
                points(maxPoints: 200) {
                  step
                  value
                }
              }
            }
          }
        }
      }
    }
  }
`;

/**
 * A stopped trial's curve (strong) against the other trials' curves (faint) with a marker at the
 * step the decision was taken and the others' values there as dots, plus that comparison in words.
 */
export async function DecisionCohort({ trial, metric, maximize, points, step, label }: {
  trial: { id: string; number: number; status: string };
  metric: string;
  maximize: boolean;
  points: Point[];
  step: number;
  label: string;
}) {
  const read = await tryGql<TrialCohortQuery, TrialCohortQueryVariables>(COHORT_QUERY, { id: trial.id, keys: [metric], first: COHORT });
  if (!read.ok) return <ApiErrorNotice error={read.error} retryHref={`/trials/${encodeURIComponent(trial.id)}`} />;
  const others = (read.data.trial?.sweep.trials.edges ?? [])
    .map(({ node }) => ({ id: node.id, number: node.number, status: node.status, points: node.metrics[0]?.points ?? [] }))
    .filter((c) => c.id !== trial.id && c.points.length > 0);
  const curves = [...others, { ...trial, points }];
  const cohort = cohortAtStep(others, step, trial.id, maximize);
  const mine = valueAtStep(points, step);
  return (
    <>
      <p className="cohort-words">{describeCohort(step, mine, cohort.map((m) => m.value))}</p>
      <CurvesChart
        metric={metric}
        curves={curves}
        which={`trial #${trial.number} against its cohort`}
        focusId={trial.id}
        marker={{ step, label }}
        dots={{ name: `others at step ${step}`, points: cohort.map((m) => ({ step, value: m.value, label: `#${m.number} at step ${step}` })) }}
      />
    </>
  );
}
