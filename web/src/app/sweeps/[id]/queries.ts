// The sweep page's two queries. The first holds what the header and the leaderboard show; the
// second, the charts' data, needs the metric name the first returns. graphql-codegen types them as
// SweepLeaderboardQuery and SweepCurvesQuery.
import { SWEEP_SUMMARY_FRAGMENT } from '@/lib/fragments';

/** How many trials the leaderboard shows (the best ones). */
export const LEADERBOARD_SIZE = 100;

export const SWEEP_QUERY = /* GraphQL */ `
  query SweepLeaderboard($id: ID!, $first: Int!, $cols: [String!]!) {
    sweep(id: $id) {
      ...SweepSummary
      project {
        id
        name
        viewerRole
      }
      config
      metricKeys
      maxConcurrent
      runCap
      spend {
        gpuHours
        wallHours
        trials
        projectedGpuHours
      }
      budget {
        gpuHours
        wallHours
        trials
      }
      notes
      tags
      objectives {
        name
        goal
      }
      paretoFront(first: $first) {
        id
        number
        objectives
        params
      }
      # PARETO: by Pareto rank then crowding with several objectives; the same as OBJECTIVE with one.
      trials(first: $first, orderBy: PARETO) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            number
            status
            infeasible {
              reason
              evidence
            }
            params
            objective
            objectives
            createdAt
            startedAt
            finishedAt
            parentTrialId
            restoreStep
            tags
            latest(keys: $cols) {
              key
              value
            }
          }
        }
      }
    }
  }
  ${SWEEP_SUMMARY_FRAGMENT}
`;

/** Trials whose metric curves are drawn together. */
export const CURVES = 10;
/** Early-stopping decisions listed (the newest). */
export const DECISIONS = 50;

export const CURVES_QUERY = /* GraphQL */ `
  query SweepCurves($id: ID!, $keys: [String!]!, $first: Int!, $decisions: Int!) {
    sweep(id: $id) {
      trials(first: $first, orderBy: OBJECTIVE) {
        edges {
          node {
            id
            number
            status
            metrics(keys: $keys) {
              key
              points(maxPoints: 300) {
                step
                value
              }
            }
          }
        }
      }
      parameterImportance {
        name
        importance
      }
      history: trials(first: 1000, orderBy: NUMBER) {
        edges {
          node {
            id
            number
            status
            objective
            objectives
            infeasible {
              reason
            }
          }
        }
      }
      decisions(first: $decisions) {
        id
        trialId
        trialNumber
        createdAt
        data
      }
    }
  }
`;
