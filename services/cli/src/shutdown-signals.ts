import { signalTiedChildren } from './tied-children.js';

/** The signals that ask a long-running command (`up`, `demo`) to stop: Ctrl-C, `kill`, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const SIGNAL_NUMBERS: Record<(typeof STOP_SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export interface ShutdownSignals {
  /** Resolves with the first stop signal. */
  first: Promise<NodeJS.Signals>;
  /** Stops listening (after the orderly shutdown is done). */
  dispose(): void;
}

/**
 * Listens for the stop signals for as long as the command runs, shutdown included: the first
 * one starts the orderly shutdown; another one while it runs ends the tied children (nats-server,
 * the web UI) with SIGKILL and exits at once. Listening throughout matters: with no listener,
 * a second signal would kill the process with its children still running.
 */
export function listenForShutdown(onForced: (signal: NodeJS.Signals) => void = () => undefined): ShutdownSignals {
  let resolveFirst!: (s: NodeJS.Signals) => void;
  const first = new Promise<NodeJS.Signals>((resolve) => { resolveFirst = resolve; });
  let received = false;
  const handler = (signal: (typeof STOP_SIGNALS)[number]): void => {
    if (!received) {
      received = true;
      resolveFirst(signal);
      return;
    }
    onForced(signal);
    signalTiedChildren('SIGKILL');
    process.exit(128 + SIGNAL_NUMBERS[signal]);
  };
  for (const s of STOP_SIGNALS) process.on(s, handler);
  return { first, dispose: () => { for (const s of STOP_SIGNALS) process.off(s, handler); } };
}
