import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import type { Loaders } from '../loaders.js';
import type { ReadBudget } from '../services/metric-reads.js';

export interface ApiContext {
  deps: ApiDeps;
  viewer: Viewer | null;
  loaders: Loaders;
  /** What this request may still read and answer (metric points, series, response bytes). */
  budget: ReadBudget;
}
