import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes (nats-server, the web UI) that must not outlive the `anneal` process that
 * started them, however it ends:
 * - a normal exit, or an exit in the middle of shutting down: the `exit` hook sends them SIGTERM;
 * - SIGKILL or a crash: on Linux they are started through util-linux `setpriv --pdeathsig
 *   SIGTERM`, so the kernel signals them when this process dies. Where setpriv is missing (macOS)
 *   only the first case holds.
 */
const live = new Set<ChildProcess>();
let exitHook = false;
let setprivChecked: boolean | undefined;

function hasPdeathsig(): boolean {
  setprivChecked ??= process.platform === 'linux' && /--pdeathsig/.test(spawnSync('setpriv', ['--help'], { encoding: 'utf8' }).stdout ?? '');
  return setprivChecked;
}

/** `spawn`, with the child tied to this process's life as described above. */
export function spawnTied(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  // setpriv execs the command in place: the child's pid is the command's own.
  const child = hasPdeathsig()
    ? spawn('setpriv', ['--pdeathsig', 'SIGTERM', '--', command, ...args], options)
    : spawn(command, [...args], options);
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => signalTiedChildren('SIGTERM'));
  }
  return child;
}

/** Signals every tied child still running (synchronous, so it works in an `exit` handler). */
export function signalTiedChildren(signal: NodeJS.Signals): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

/** Pids of the tied children still running (for tests and diagnostics). */
export function tiedChildPids(): number[] {
  return [...live].filter((c) => c.exitCode === null && c.signalCode === null && c.pid !== undefined).map((c) => c.pid!);
}
