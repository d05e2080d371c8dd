import { formatNumber, formatValue, table } from './output.js';

/** Sweep.objectives, as GraphQL gives it. */
export interface ObjectiveView { name: string; goal: string }
/** A trial of Sweep.paretoFront with its objective values (config order). */
export interface FrontTrialView { number: number; objectives: (number | null)[] | null; params: Record<string, unknown> }

const arrow = (goal: string): string => (goal === 'maximize' ? '↑' : '↓');

/** The heading line of a multi-objective sweep: each objective with the way it improves. */
export function objectivesLine(objectives: readonly ObjectiveView[]): string {
  return `objectives: ${objectives.map((o) => `${o.name} ${arrow(o.goal)} (${o.goal})`).join(', ')}`;
}

/**
 * `sweep watch`'s Pareto front: one row per front trial (extremes first, as GraphQL orders it),
 * a column per objective, then the parameters by name.
 */
export function paretoFrontTable(objectives: readonly ObjectiveView[], front: readonly FrontTrialView[]): string {
  if (front.length === 0) return 'Pareto front: no completed trial has every objective yet';
  const keys = [...new Set(front.flatMap((t) => Object.keys(t.params)))].sort();
  const headers = ['#', ...objectives.map((o) => `${o.name.toUpperCase()} ${arrow(o.goal)}`), ...keys.map((k) => k.toUpperCase())];
  const rows = front.map((t) => [
    String(t.number),
    ...objectives.map((_, i) => formatNumber(t.objectives?.[i])),
    ...keys.map((k) => (k in t.params ? formatValue(t.params[k]) : '')),
  ]);
  return `Pareto front (${front.length} trial${front.length === 1 ? '' : 's'} no other beats on every objective):\n${table(headers, rows)}`;
}
