// Shapes of the GraphQL results the pages select (see the API's schema).
import type { TrialCounts } from './format.js';

export type { TrialCounts };

export type SweepStatus = 'PENDING' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'STOPPED' | 'FAILED';
export type TrialStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'PRUNED' | 'FAILED';

export interface ProjectListItem {
  id: string;
  name: string;
  createdAt: string;
  sweeps: { id: string; status: SweepStatus }[];
}

export interface SweepSummary {
  id: string;
  name: string;
  status: SweepStatus;
  method: string;
  metricName: string | null;
  metricGoal: string | null;
  createdAt: string;
  trialCounts: TrialCounts;
  bestTrial: { id: string; number: number; objective: number | null } | null;
}

export interface ProjectDetail {
  id: string;
  name: string;
  createdAt: string;
  sweeps: SweepSummary[];
}

export interface TrialRow {
  id: string;
  number: number;
  status: TrialStatus;
  params: Record<string, unknown>;
  objective: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  parentTrialId: string | null;
  restoreStep: number | null;
}

export interface SweepDetail extends SweepSummary {
  project: { id: string; name: string };
  config: string;
  trials: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: TrialRow }[];
  };
}

export interface TrialEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface TrialDetail {
  id: string;
  number: number;
  status: TrialStatus;
  attempt: number;
  agentId: string | null;
  params: Record<string, unknown>;
  objective: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  parentTrialId: string | null;
  restoreStep: number | null;
  sweep: { id: string; name: string; metricName: string | null; metricGoal: string | null; project: { id: string; name: string } };
  metrics: { key: string; points: { step: number; value: number }[] }[];
  events: TrialEvent[];
  logs: string[];
}
