import type { TrialInfeasibility } from '@anneal/db';

/** The trial event that says its parameters could not run, with what showed it. */
export const INFEASIBLE_EVENT = 'infeasible';

const SAID: Record<TrialInfeasibility['reason'], string> = {
  out_of_memory: 'ran out of accelerator memory',
  trainer: 'the trainer reported these parameters infeasible',
  constraint: 'a metric ended outside its constraint',
};

/** Reason and evidence as stored, and a sentence a person reads in the trial's timeline. */
export function infeasibleEvent(i: TrialInfeasibility, attempt: number): Record<string, unknown> {
  return { reason: i.reason, evidence: i.evidence, attempt, summary: `${SAID[i.reason]}: ${i.evidence}` };
}
