// What the sweep page's charts draw, read from its second query (curves, importance, history,
// decisions). Pure; a failed or empty answer gives empty charts, not an error page.
import type { Curve } from './curves.ts';
import { readDecision } from './decisions.ts';
import type { HistoryTrial } from './objective-history.ts';
import type { ObjectiveTrial } from './pareto.ts';
import type { StopEvidence } from './stop-evidence.ts';

export interface ChartsAnswer {
  trials: { edges: ReadonlyArray<{ node: { id: string; number: number; status: string; metrics: ReadonlyArray<{ points: Curve['points'] }> } }> };
  parameterImportance: ReadonlyArray<{ name: string; importance: number }>;
  history: { edges: ReadonlyArray<{ node: ObjectiveTrial & { objective: number | null } }> };
  decisions: ReadonlyArray<{ id: string; trialId: string; trialNumber: number; createdAt: string; data: Record<string, unknown> }>;
}

export interface Decision {
  id: string;
  trialId: string;
  trialNumber: number;
  createdAt: string;
  data: Record<string, unknown>;
  decision: string | undefined;
  evidence: StopEvidence | undefined;
}

export interface SweepCharts {
  /** The sweep metric's curves of the best `curvesShown` trials that reported it. */
  curves: Curve[];
  /** The curves of the compared trials, in the order given. */
  compareCurves: Curve[];
  importance: ReadonlyArray<{ name: string; importance: number }>;
  /** Each finished trial's objective by number. */
  history: HistoryTrial[];
  /** The trials the Pareto scatter plots: the answer's (up to 1,000), else the leaderboard's. */
  scattered: readonly ObjectiveTrial[];
  /** Newest first, each with its decision and evidence read from its data. */
  decisions: Decision[];
}

/**
 * The charts' data from the answer, or empty charts without one.
 * @param leaderboard the trials the Pareto scatter falls back to
 * @param compared the ids of the compared trials, in comparison order
 */
export function sweepCharts(
  answer: ChartsAnswer | null, leaderboard: readonly ObjectiveTrial[], curvesShown: number, compared: readonly string[],
): SweepCharts {
  if (!answer) return { curves: [], compareCurves: [], importance: [], history: [], scattered: leaderboard, decisions: [] };
  const allCurves = answer.trials.edges
    .map(({ node }) => ({ id: node.id, number: node.number, status: node.status, points: node.metrics[0]?.points ?? [] }))
    .filter((c) => c.points.length > 0);
  return {
    curves: allCurves.slice(0, curvesShown),
    compareCurves: compared.flatMap((id) => allCurves.filter((c) => c.id === id)),
    importance: answer.parameterImportance,
    history: answer.history.edges.flatMap(({ node }) => (node.objective === null ? [] : [{ number: node.number, status: node.status, objective: node.objective }])),
    scattered: answer.history.edges.map(({ node }) => node),
    decisions: answer.decisions.map((d) => ({ ...d, ...readDecision(d.data) })),
  };
}
