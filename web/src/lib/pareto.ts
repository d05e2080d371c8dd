// Pure helpers for a multi-objective sweep's page: the front's scatter and the leaderboard order.

export interface ObjectiveSpec { name: string; goal: string }
export interface ObjectiveTrial { id: string; number: number; status: string; objectives?: ReadonlyArray<number | null> | null; infeasible?: { reason: string } | null }

/**
 * The ECharts option of the first two objectives: every completed trial with both values as a
 * faint point, the Pareto front's trials as strong points joined by a staircase line (in the
 * order of the first objective), so the trade-off reads at a glance. Trials that broke a metric
 * constraint get their own series and marker: they may look better than the front, and the
 * reader must see at once why they are not on it.
 */
export function paretoScatterOption(objectives: readonly ObjectiveSpec[], trials: readonly ObjectiveTrial[], frontIds: ReadonlySet<string>): Record<string, unknown> {
  const [x, y] = objectives;
  const point = (t: ObjectiveTrial) => ({ value: [t.objectives![0], t.objectives![1]], name: `#${t.number}` });
  const placed = trials.filter((t) => t.status === 'COMPLETED' && typeof t.objectives?.[0] === 'number' && typeof t.objectives?.[1] === 'number');
  const front = placed.filter((t) => frontIds.has(t.id)).sort((a, b) => a.objectives![0]! - b.objectives![0]!);
  const infeasible = placed.filter((t) => t.infeasible && !frontIds.has(t.id));
  const axis = (o: ObjectiveSpec | undefined) => ({ type: 'value', name: o ? `${o.name} (${o.goal === 'maximize' ? 'higher' : 'lower'} is better)` : '', nameLocation: 'middle', nameGap: 30, scale: true });
  return {
    grid: { left: 70, right: 20, top: infeasible.length > 0 ? 36 : 20, bottom: 50 },
    tooltip: { trigger: 'item' },
    xAxis: axis(x),
    yAxis: { ...axis(y), nameGap: 50 },
    series: [
      { type: 'scatter', name: 'other trials', symbolSize: 7, itemStyle: { opacity: 0.35 }, data: placed.filter((t) => !frontIds.has(t.id) && !t.infeasible).map(point) },
      { type: 'line', name: 'Pareto front', step: 'end', symbol: 'circle', symbolSize: 10, data: front.map(point) },
      ...(infeasible.length > 0
        ? [{ type: 'scatter', name: 'infeasible (broke a constraint)', symbol: 'triangle', symbolSize: 9, itemStyle: { color: '#b42318', opacity: 0.7 }, data: infeasible.map(point) }]
        : []),
    ],
    ...(infeasible.length > 0 ? { legend: { top: 0, right: 20, data: ['Pareto front', 'other trials', 'infeasible (broke a constraint)'] } } : {}),
  };
}

/** Rows kept in the server's order (the Pareto leaderboard's), whatever filtering left. */
export function inServerOrder<R extends { trial: { id: string } }>(all: readonly R[], shown: readonly R[]): R[] {
  const position = new Map(all.map((r, i) => [r.trial.id, i] as const));
  return [...shown].sort((a, b) => position.get(a.trial.id)! - position.get(b.trial.id)!);
}

/** A sweep's objectives when it has several (a Pareto sweep), else null: one objective ranks trials best first. */
export function paretoObjectives<O extends ObjectiveSpec>(objectives: readonly O[] | null): readonly O[] | null {
  return objectives && objectives.length > 1 ? objectives : null;
}
