import type { MetricSpec } from '../config/types.js';

/** What a trial cost, measured by the platform rather than reported by the program. */
export interface MeasuredCost { wallSeconds: number; gpuHours: number }

const SYSTEM_VALUE: Record<string, (c: MeasuredCost) => number> = {
  gpu_hours: (c) => c.gpuHours,
  wall_seconds: (c) => c.wallSeconds,
};

/**
 * A trial's value of each objective, in the config's order: the latest value the program
 * reported under the objective's name, else for `gpu_hours` and `wall_seconds` the trial's
 * measured cost (a program may report its own, e.g. GPU time excluding data loading, and then
 * that wins), else null. Null cost: the trial never started.
 */
export function objectiveValuesOf(
  objectives: readonly MetricSpec[], reported: ReadonlyMap<string, number>, cost: MeasuredCost | null,
): (number | null)[] {
  return objectives.map((o) => {
    const own = reported.get(o.name);
    if (own !== undefined && Number.isFinite(own)) return own;
    const system = SYSTEM_VALUE[o.name];
    return system && cost ? system(cost) : null;
  });
}

/** The values when every objective has one, else undefined (the trial cannot be placed on a front). */
export function completeValues(values: readonly (number | null)[]): number[] | undefined {
  return values.every((v): v is number => v !== null) ? [...values] : undefined;
}
