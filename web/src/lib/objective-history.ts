// The objective of every finished trial by trial number, with the best so far: how a sweep
// converged. Pure; the component only draws it.
import { isMaximize } from './leaderboard.ts';

export interface HistoryPoint {
  number: number;
  objective: number;
}

/** The best objective up to and including each trial, for the goal; one entry per point, in number order. */
export function runningBest(points: readonly HistoryPoint[], goal: string | null | undefined): HistoryPoint[] {
  const better = isMaximize(goal) ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const sorted = [...points].sort((a, b) => a.number - b.number);
  const out: HistoryPoint[] = [];
  let best: number | undefined;
  for (const p of sorted) {
    if (best === undefined || better(p.objective, best)) best = p.objective;
    out.push({ number: p.number, objective: best });
  }
  return out;
}

export interface HistoryGeometry {
  dots: Array<{ number: number; objective: number; cx: number; cy: number }>;
  /** A step path through the running best. */
  best: string;
  min: number;
  max: number;
  first: number;
  last: number;
}

/** Dots for every trial and a step line for the best so far inside a width × height box (larger values higher). */
export function historyGeometry(points: readonly HistoryPoint[], goal: string | null | undefined, width: number, height: number): HistoryGeometry | null {
  const finite = points.filter((p) => Number.isFinite(p.objective));
  if (finite.length === 0) return null;
  const min = Math.min(...finite.map((p) => p.objective));
  const max = Math.max(...finite.map((p) => p.objective));
  const first = Math.min(...finite.map((p) => p.number));
  const last = Math.max(...finite.map((p) => p.number));
  const x = (n: number) => (last === first ? width / 2 : ((n - first) / (last - first)) * width);
  const y = (v: number) => (max === min ? height / 2 : height - ((v - min) / (max - min)) * height);
  const r = (v: number) => Math.round(v * 10) / 10;
  const bestPoints = runningBest(finite, goal);
  const best = bestPoints.map((p, i) => (i === 0 ? `M${r(x(p.number))},${r(y(p.objective))}` : `H${r(x(p.number))}V${r(y(p.objective))}`)).join('');
  return {
    dots: [...finite].sort((a, b) => a.number - b.number).map((p) => ({ ...p, cx: r(x(p.number)), cy: r(y(p.objective)) })),
    best, min, max, first, last,
  };
}
