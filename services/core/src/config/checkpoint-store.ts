import { Fields } from './fields.js';
import { describe, isPlainObject, type Problems } from './problems.js';
import type { CheckpointStoreConfig } from './types.js';

/**
 * Anneal's `checkpoint_store: {path: /mnt/shared/checkpoints}`: keep checkpoints in a directory
 * every agent mounts rather than in the NATS object store (large models). The path is used as is
 * on every agent, so it must be absolute.
 */
export function parseCheckpointStore(value: unknown, problems: Problems): CheckpointStoreConfig | undefined {
  if (!isPlainObject(value)) {
    problems.error('checkpoint_store', `must be a mapping such as {path: /mnt/shared/checkpoints} (got ${describe(value)})`);
    return undefined;
  }
  const f = new Fields(value, 'checkpoint_store', problems);
  f.onlyKeys(['path'], 'checkpoint_store');
  const path = f.string('path');
  if (path === undefined) {
    if (!f.has('path')) problems.error(f.at('path'), 'is required: a directory every agent of the pool mounts');
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    problems.error(f.at('path'), `must be a directory, not a URL (got ${describe(path)}); mount the bucket on the agents (s3fs, gcsfuse, NFS) and give its path`);
    return undefined;
  }
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) {
    problems.error(f.at('path'), `must be absolute: agents on other machines resolve it as is (got ${describe(path)})`);
    return undefined;
  }
  return { path };
}
