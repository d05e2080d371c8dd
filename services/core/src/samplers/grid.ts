import { gridPointAt, gridSize } from '../space/grid.js';
import type { Sampler } from './types.js';

/**
 * Every combination of the (discrete) parameters once, in order. Its cursor is the searcher
 * state's `gridCursor` (a top-level field since version 1), not an own state.
 */
export const gridSampler: Sampler<Record<string, never>> = {
  method: 'grid',
  summary: 'every combination of discrete values once, in order',
  needsMetric: false,
  usesWarmStart: false,
  discreteOnly: true,
  avoidsRepeats: false,
  initState: () => ({}),
  fromV1: () => ({}),
  propose: ({ config, state }) => ({ params: gridPointAt(config.space, state.gridCursor), gridCursor: state.gridCursor + 1 }),
  spent: (config, state) => state.gridCursor >= gridSize(config.space),
};
