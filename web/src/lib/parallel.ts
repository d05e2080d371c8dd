// The parallel-coordinates plot: one vertical axis per parameter (and one for the objective),
// one line per trial; brushing an axis keeps the trials inside the brushed ranges. Pure.

export interface Axis {
  name: string;
  kind: 'linear' | 'log' | 'category';
  /** numeric axes: the lowest value; category axes: 0 */
  min: number;
  /** numeric axes: the highest value; category axes: categories - 1 */
  max: number;
  /** category axes: the values' texts, in axis order */
  categories: string[];
}

function categoryText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
}

/**
 * An axis that fits the values one column takes over the trials: numbers get a linear axis, or a
 * log axis when all are positive and span two decades or more (learning rates); anything else
 * (strings, booleans, mixed) gets evenly spaced categories.
 */
export function axisFor(name: string, values: unknown[]): Axis {
  const present = values.filter((v) => v !== undefined && v !== null);
  const numeric = present.length > 0 && present.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (numeric) {
    const nums = present as number[];
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const kind = min > 0 && max / min >= 100 ? 'log' : 'linear';
    return { name, kind, min, max, categories: [] };
  }
  const categories = [...new Set(present.map(categoryText))].sort();
  return { name, kind: 'category', min: 0, max: Math.max(0, categories.length - 1), categories };
}

/** Where a value sits on its axis, 0 (bottom) to 1 (top); null when it is missing or not on it. */
export function position(axis: Axis, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(categoryText(value));
    if (i < 0) return null;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.max === axis.min) return 0.5;
  if (axis.kind === 'log') return (Math.log(value) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
  return (value - axis.min) / (axis.max - axis.min);
}

/** 0 for the worst objective, 1 for the best, for colouring lines; null without an objective. */
export function quality(objective: number | null, worst: number, best: number): number | null {
  if (objective === null || !Number.isFinite(objective)) return null;
  if (best === worst) return 1;
  return (objective - worst) / (best - worst);
}

/** Brushed ranges by axis index, in the axis' data units (category axes: category positions). */
export type Brushes = ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;

/** A trial's coordinate on an axis as ECharts plots it: the number, or a category's position. */
export function coordinate(axis: Axis, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(categoryText(value));
    return i < 0 ? null : i;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Which rows lie inside every brushed axis (inside any of that axis' ranges); with no brushes,
 * all of them. A row without a value on a brushed axis is out.
 * @param rows each row's values by axis name
 */
export function brushMatches(axes: readonly Axis[], rows: ReadonlyArray<Record<string, unknown>>, brushes: Brushes): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => {
    for (const [axisIndex, ranges] of brushes) {
      const axis = axes[axisIndex];
      if (!axis || ranges.length === 0) continue;
      const c = coordinate(axis, row[axis.name]);
      if (c === null || !ranges.some(([lo, hi]) => c >= Math.min(lo, hi) && c <= Math.max(lo, hi))) return;
    }
    out.push(i);
  });
  return out;
}
