import { gridPointAt } from '../space/grid.js';
import { nextAdmissibleGridIndex } from './constrained.js';
import type { Sampler } from './types.js';

/**
 * Every combination of the (discrete) parameters once, in order, skipping those that break a
 * parameter constraint. Its cursor is the searcher
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
  propose: ({ config, state }) => {
    // `spent` is asked first, so an admissible index is left.
    const index = nextAdmissibleGridIndex(config, state.gridCursor) ?? state.gridCursor;
    return { params: gridPointAt(config.space, index), gridCursor: index + 1 };
  },
  spent: (config, state) => nextAdmissibleGridIndex(config, state.gridCursor) === undefined,
};
