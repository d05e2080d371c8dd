import { execFile } from 'node:child_process';

/**
 * Checkpoint directories travel as plain tar archives, made and read by the system's `tar`:
 * model weights hardly compress, and tar keeps file modes and nested folders as they were.
 */
function tar(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('tar', args, { maxBuffer: 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err === null) return resolve();
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return reject(new Error("the 'tar' command was not found; checkpoints need it on PATH"));
      reject(new Error(`tar ${args[0]} failed: ${stderr.trim().split('\n').slice(-3).join('; ') || e.message}`));
    });
  });
}

/** Packs the contents of `dir` (not the folder itself) into the archive file `file`. */
export function packDirectory(dir: string, file: string): Promise<void> {
  return tar(['-cf', file, '-C', dir, '.']);
}

/** Unpacks `file` into the existing directory `dir`; owners are not restored (the agent may run as root). */
export function unpackArchive(file: string, dir: string): Promise<void> {
  return tar(['-xf', file, '-C', dir, '--no-same-owner']);
}
