import { hasConditions } from '../space/conditions.js';
import { dimensionCardinality } from '../space/dimension.js';
import { gridSize } from '../space/grid.js';
import type { Space } from '../space/types.js';
import { joinPath, Problems } from './problems.js';

/** The most points a grid may have unless run_cap bounds the trials it creates. */
export const MAX_GRID_POINTS = 100_000;
/** The most trials one sweep may have queued or running at once. */
export const MAX_CONCURRENT_CEILING = 1_000;

function formatCount(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);
}

/**
 * Refuses a grid too big to run. The size is a product of cardinalities, so nothing is
 * enumerated: a 0..1e12 integer range costs the same as a 3-value list.
 */
export function checkGridSize(space: Space, pathOf: ReadonlyMap<string, string>, runCap: number | undefined, problems: Problems): void {
  let size = 1;
  let largest: { path: string; count: number } | undefined;
  for (const dim of space) {
    const count = dimensionCardinality(dim);
    size *= count;
    if (!largest || count > largest.count) largest = { path: pathOf.get(dim.name) ?? joinPath('parameters', dim.name), count };
  }
  // A conditional grid is its tree of distinct points, at most the product above.
  if (hasConditions(space) && Number.isFinite(size)) size = gridSize(space);
  if (!Number.isFinite(size) || size <= MAX_GRID_POINTS) return;
  const biggest = largest && largest.count > 1 ? ` (${largest.path} alone has ${formatCount(largest.count)} values)` : '';
  if (!Number.isSafeInteger(size)) {
    problems.admission('parameters', `the grid has about ${size.toExponential(1)} points${biggest}, too many to index even with run_cap; use fewer values or method: random`);
    return;
  }
  if (runCap !== undefined && runCap <= MAX_GRID_POINTS) return;
  const cap = runCap === undefined ? 'set run_cap' : `lower run_cap (now ${runCap})`;
  problems.admission('parameters', `the grid has ${formatCount(size)} points${biggest}, more than the ${formatCount(MAX_GRID_POINTS)} a grid sweep may have; use fewer values, ${cap} to at most ${formatCount(MAX_GRID_POINTS)} to run the first points in order, or use method: random`);
}
