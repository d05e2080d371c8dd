import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { sleep } from './backoff.js';
import { LineSplitter } from './lines.js';
import type { TrainerExit } from './outcome.js';
import type { RunAs } from './trainer-user.js';

export type OutputStream = 'stdout' | 'stderr';

export interface TrainerProcess {
  readonly pid: number | undefined;
  /** Resolves after the trainer exited and all of its output was delivered to onLine. */
  readonly exited: Promise<TrainerExit>;
  /** SIGTERM to the whole process group, SIGKILL if it is still there after graceMs. */
  terminate(graceMs: number): void;
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Another user to run as (the agent is root); its supplementary groups are dropped, not taken from root. */
  runAs?: RunAs;
  onLine(stream: OutputStream, line: string): void;
}

/** Output still arriving this long after the trainer exited belongs to stragglers we have killed. */
const OUTPUT_DRAIN_MS = 1_000;

export function spawnTrainer(argv: readonly string[], opts: SpawnOptions): TrainerProcess {
  const [executable, ...args] = argv;
  if (executable === undefined) throw new TypeError('spawnTrainer needs a non-empty argv');
  // detached: the trainer leads its own process group, so one signal reaches its workers too.
  const child = spawn(executable, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.runAs !== undefined ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
  });
  const stdoutDone = pipeLines(child.stdout, 'stdout', opts.onLine);
  const stderrDone = pipeLines(child.stderr, 'stderr', opts.onLine);
  let killTimer: NodeJS.Timeout | undefined;
  let ended = false;

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone, which is what we wanted.
    }
  };

  const exited = new Promise<TrainerExit>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // errors after a successful spawn (e.g. a failed kill) change nothing
      ended = true;
      resolve({ kind: 'spawn-failed', executable, errno: err.code, message: err.message });
    });
    child.once('exit', (code, signal) => {
      ended = true;
      clearTimeout(killTimer);
      // Workers a trainer forked may outlive it and hold GPU memory; the trial owns its group, so end it.
      signalGroup('SIGKILL');
      void Promise.race([Promise.all([stdoutDone, stderrDone]), sleep(OUTPUT_DRAIN_MS)]).then(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ kind: 'exited', code, signal });
      });
    });
  });

  return {
    pid: child.pid,
    exited,
    terminate(graceMs) {
      if (ended || killTimer !== undefined) return;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    },
  };
}

/** Resolves once the stream ended and its last (unterminated) line was delivered. */
async function pipeLines(stream: Readable, name: OutputStream, onLine: SpawnOptions['onLine']): Promise<void> {
  const splitter = new LineSplitter();
  stream.on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) onLine(name, line);
  });
  try {
    await finished(stream);
  } catch {
    // A destroyed or failed pipe still ends the output; deliver what we have.
  }
  for (const line of splitter.end()) onLine(name, line);
}
