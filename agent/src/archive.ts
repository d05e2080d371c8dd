import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import type { RunAs } from './trainer-user.js';

/**
 * Checkpoint directories travel as plain tar archives, made and read by the system's `tar`:
 * model weights hardly compress, and tar keeps file modes and nested folders as they were.
 *
 * tar runs as the trainer's user and touches only the trainer's folders; the agent opens the
 * archive file in its own scratch folder and hands tar the descriptor. So a trainer that swaps
 * its checkpoint folder for a link to the agent's files packs only what it could read anyway,
 * and an unpack cannot write where the trainer could not.
 */
function run(what: string, argv: string[], io: { stdin?: number; stdout?: number }, runAs: RunAs | undefined): Promise<void> {
  const [cmd, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: [io.stdin ?? 'ignore', io.stdout ?? 'ignore', 'pipe'],
      ...(runAs !== undefined ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 64 * 1024) stderr += s;
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new Error(`the '${cmd}' command was not found; checkpoints need tar on PATH`) : e);
    });
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      // 127: the shell found no tar.
      if (code === 127) return reject(new Error("the 'tar' command was not found; checkpoints need it on PATH"));
      const detail = stderr.trim().split('\n').slice(-3).join('; ') || (signal !== null ? `killed by ${signal}` : `exit code ${code}`);
      reject(new Error(`${what} failed: ${detail}`));
    });
  });
}

/** Packs the contents of `dir` (not the folder itself) into the archive file `file`, which it creates. */
export async function packDirectory(dir: string, file: string, runAs?: RunAs): Promise<void> {
  const out = await open(file, 'w', 0o600);
  try {
    await run('tar -cf', ['tar', '-cf', '-', '-C', dir, '.'], { stdout: out.fd }, runAs);
  } finally {
    await out.close();
  }
}

/** Unpacks `file` into `dir`, which it replaces; owners are not restored (the agent may run as root). */
export async function unpackArchive(file: string, dir: string, runAs?: RunAs): Promise<void> {
  const input = await open(file, 'r');
  try {
    const script = 'rm -rf -- "$1" && mkdir -- "$1" && exec tar -xf - -C "$1" --no-same-owner';
    await run('tar -xf', ['sh', '-c', script, 'sh', dir], { stdin: input.fd }, runAs);
  } finally {
    await input.close();
  }
}
