/** How the UI names a trial whose parameters could not run (Trial.infeasible). */
export interface Infeasibility { reason: 'OUT_OF_MEMORY' | 'TRAINER' | 'CONSTRAINT'; evidence: string }

const REASON_WORDS: Record<Infeasibility['reason'], string> = { OUT_OF_MEMORY: 'out of memory', TRAINER: 'reported by the trainer', CONSTRAINT: 'metric outside its constraint' };

/** Beside the status badge: `infeasible: out of memory`; with the evidence on the trial page. */
export function infeasibleWords(i: Infeasibility | null | undefined, o: { evidence?: boolean } = {}): string | null {
  if (!i) return null;
  const words = `infeasible: ${REASON_WORDS[i.reason]}`;
  return o.evidence && i.evidence !== '' ? `${words} — ${i.evidence}` : words;
}
