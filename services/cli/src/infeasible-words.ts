/** How `anneal watch` shows trials whose parameters could not run. */
export interface InfeasibleView { reason: 'OUT_OF_MEMORY' | 'TRAINER' | 'CONSTRAINT'; evidence: string }

const REASON_WORDS: Record<InfeasibleView['reason'], string> = { OUT_OF_MEMORY: 'out of memory', TRAINER: 'trainer said so', CONSTRAINT: 'metric outside its constraint' };

/** The status cell: `FAILED · infeasible (out of memory)`, or the status alone. */
export function statusCell(status: string, infeasible: InfeasibleView | null | undefined): string {
  return infeasible ? `${status} · infeasible (${REASON_WORDS[infeasible.reason]})` : status;
}

/** A line under the trial counts, only when some trial was infeasible: the searcher steers away from them. */
export function infeasibleLine(count: number): string {
  if (count === 0) return '';
  const trials = count === 1 ? '1 trial' : `${count} trials`;
  return `infeasible: ${trials} could not run with their parameters (out of memory, or the trainer said so); the searcher avoids that region\n`;
}
