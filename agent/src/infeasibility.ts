import { MAX_INFEASIBLE_EVIDENCE_CHARS, type TrialInfeasible } from '@anneal/protocol';
import type { TrialOutcome } from './outcome.js';
import { isOutOfMemoryLine } from './out-of-memory.js';

/**
 * Watches one attempt's output for signs that its parameters cannot run at all: the trainer's
 * own `@anneal {"infeasible": true}`, or an out-of-memory error. The first sign of each kind
 * is kept as evidence, as the user would read it in the log.
 */
export class InfeasibilityWatch {
  private reported: string | null = null;
  private outOfMemory: string | null = null;

  /** The trainer said so itself. */
  trainerReported(line: string): void {
    this.reported ??= cut(line);
  }

  /** Any line of output (stdout or stderr) that is not a report. */
  line(line: string): void {
    if (this.outOfMemory === null && isOutOfMemoryLine(line)) this.outOfMemory = cut(line);
  }

  /**
   * What the finished message says. A trainer's word counts however it ended, unless it was
   * stopped; an out-of-memory line only when the trainer then failed, since a trainer that
   * caught it and carried on with a smaller batch did run.
   */
  verdict(outcome: Pick<TrialOutcome, 'status'>): TrialInfeasible | undefined {
    if (outcome.status === 'stopped') return undefined;
    if (this.reported !== null) return { reason: 'trainer', evidence: this.reported };
    if (this.outOfMemory !== null && outcome.status === 'failed') return { reason: 'out_of_memory', evidence: this.outOfMemory };
    return undefined;
  }
}

function cut(line: string): string {
  return line.length > MAX_INFEASIBLE_EVIDENCE_CHARS ? `${line.slice(0, MAX_INFEASIBLE_EVIDENCE_CHARS - 1)}…` : line;
}
