// Moved to samplers/random.ts; re-exported for existing imports.
export { paramsKey, proposeRandom } from '../samplers/random.js';
