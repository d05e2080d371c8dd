import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/**
 * `anneal agent --data-root DIR` (repeatable): the folders a sweep's `model`, `dataset`,
 * `validation` and `checkpoint_store` paths must lie in on this agent. Paths are compared after
 * the kernel's resolution (symlinks, then `..`), so a link inside a root that points out of it
 * does not pass. No roots: any path, as before.
 */
export type DataRoots = readonly string[];

/** The real path of each root, which must be an existing directory; else what is wrong. */
export function resolveDataRoots(roots: readonly string[]): { roots: string[] } | { problem: string } {
  const out: string[] = [];
  for (const root of roots) {
    let real: string;
    try {
      real = realpathSync.native(resolve(root));
    } catch (e) {
      return { problem: `data root ${root} cannot be used: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    if (!statSync(real).isDirectory()) return { problem: `data root ${root} is not a directory` };
    if (!out.includes(real)) out.push(real);
  }
  return { roots: out };
}

/**
 * Where `path` leads once every symlink and `..` in it is followed; a part that does not exist
 * yet (a checkpoint folder made on first use) is appended to the real path of what does.
 */
export function realPathOf(path: string): string {
  try {
    // The native call: the JavaScript realpathSync removes `..` lexically before it follows links.
    return realpathSync.native(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
    const parent = dirname(path);
    if (parent === path) throw e;
    return join(realPathOf(parent), basename(path));
  }
}

function inside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/**
 * Checks an absolute path against the roots: the real path to use when it lies under one, else a
 * message naming the path, where it leads and the roots. Without roots the path comes back as given.
 */
export function checkDataPath(what: string, path: string, roots: DataRoots): { path: string } | { problem: string } {
  if (roots.length === 0) return { path };
  let real: string;
  try {
    real = realPathOf(path);
  } catch (e) {
    return { problem: `${what} ${path} cannot be checked against this agent's data roots: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (roots.some((root) => inside(real, root))) return { path: real };
  const leads = real === path ? '' : ` (it leads to ${real})`;
  return {
    problem: `${what} ${path}${leads} is outside this agent's data roots (${roots.join(', ')}); ` +
      'move it under one, or start the agent with another --data-root',
  };
}
