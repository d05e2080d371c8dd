export type TrainerExit =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'spawn-failed'; executable: string; errno: string | undefined; message: string };

export interface TrialOutcome {
  status: 'completed' | 'failed' | 'stopped';
  exitCode: number | null;
  error?: string;
}

/** `stopReason` is set when someone asked the trial to stop before it ended on its own. */
export function describeOutcome(exit: TrainerExit, stopReason: string | null): TrialOutcome {
  if (exit.kind === 'spawn-failed') {
    const why = exit.errno === 'ENOENT' ? 'not found' : exit.errno === 'EACCES' ? 'not executable' : exit.message;
    return { status: 'failed', exitCode: null, error: `cannot start trainer '${exit.executable}': ${why}` };
  }
  if (stopReason !== null) return { status: 'stopped', exitCode: exit.code, error: stopReason };
  if (exit.code === 0) return { status: 'completed', exitCode: 0 };
  if (exit.code !== null) return { status: 'failed', exitCode: exit.code, error: `exit code ${exit.code}` };
  return { status: 'failed', exitCode: null, error: `killed by ${exit.signal ?? 'an unknown signal'}` };
}
