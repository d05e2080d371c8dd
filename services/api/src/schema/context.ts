import type { Viewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import type { Loaders } from '../loaders.js';

export interface ApiContext {
  deps: ApiDeps;
  viewer: Viewer | null;
  loaders: Loaders;
}
