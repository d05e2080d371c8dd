import { REPORT_PREFIX } from '../reports.js';

/** How a trainer talks to the agent: `@anneal` lines on stdout, anything else is log. */
export interface Reporter {
  report(step: number, metrics: Record<string, number>): void;
  /** The checkpoint directory now holds a complete checkpoint for `step`. */
  checkpoint(step: number): void;
  /** Facts about the run (the backend in use) that the agent records on the trial. */
  info(facts: Record<string, string | number | boolean>): void;
  log(line: string): void;
}

export function stdoutReporter(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Reporter {
  return {
    report: (step, metrics) => {
      // Non-finite values would be rejected by the agent; they only come from an empty window.
      const finite = Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
      write(`${REPORT_PREFIX} ${JSON.stringify({ step, ...finite })}`);
    },
    checkpoint: (step) => write(`${REPORT_PREFIX} ${JSON.stringify({ checkpoint: true, step })}`),
    info: (facts) => write(`${REPORT_PREFIX} ${JSON.stringify({ info: facts })}`),
    log: (line) => write(line),
  };
}
