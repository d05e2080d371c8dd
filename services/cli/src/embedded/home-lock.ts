import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else, which still means in use.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the embedded database folder for this process. PGlite opened by two processes at once
 * dies with a bare "Aborted()", so a second `anneal up` (or `anneal demo` beside a running one)
 * is told who holds it instead. A lock left by a process that is gone is taken over.
 */
export function lockHome(home: string, what: string): () => void {
  const file = join(home, 'embedded.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new CliError('HOME_IN_USE', `${what} under ${home} is in use by another anneal process (pid ${holder}); stop it, use it (anneal demo and the CLI talk to a running \`anneal up\`), or set ANNEAL_HOME to another folder`);
    }
    rmSync(file, { force: true });
  }
  throw new CliError('HOME_IN_USE', `could not lock ${file}; another anneal process is starting in ${home}`);
}
