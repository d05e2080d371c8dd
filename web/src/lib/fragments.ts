// GraphQL fragments shared by the pages' queries. A query that spreads one appends its text
// (`${SWEEP_SUMMARY_FRAGMENT}`); graphql-codegen reads the fragment from here and types it as
// SweepSummaryFragment.

/** What the sweep lists and the sweep page show about a sweep: name, state, metric, counts, best trial. */
export const SWEEP_SUMMARY_FRAGMENT = /* GraphQL */ `
  fragment SweepSummary on Sweep {
    id
    name
    status
    statusReason
    tags
    method
    metricName
    metricGoal
    createdAt
    trialCounts {
      queued
      running
      completed
      pruned
      stopped
      failed
      total
    }
    bestTrial {
      id
      number
      objective
    }
  }
`;
