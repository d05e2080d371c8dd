// Pure wording of the searcher's early-stopping decisions, from the evidence the core records.

import { formatObjective } from './format.ts';
import type { StopEvidence } from './stop-evidence.ts';

function num(v: unknown): string {
  return typeof v === 'number' ? formatObjective(v) : '?';
}

/**
 * One sentence saying why a trial was stopped, for the rules the core has; unknown rules fall
 * back to their raw fields so nothing is hidden. The evidence comes from stored JSON, so every
 * field is read defensively ('?' where one is missing).
 */
export function describeStop(evidence: StopEvidence): string {
  switch (evidence.rule) {
    case 'forecast': {
      const against = evidence.threshold_trial !== undefined ? ` (trial #${String(evidence.threshold_trial)})` : '';
      return `forecast from its ${String(evidence.view ?? 'curve')}: at best ${num(evidence.optimistic_final)} at step ${String(evidence.horizon ?? '?')}, short of the best completed ${num(evidence.threshold)}${against}`;
    }
    case 'median':
      return `${num(evidence.value)} is worse than the median ${num(evidence.threshold)} of ${String(evidence.cohort_size ?? '?')} trials at this step`;
    case 'asha':
    case 'hyperband':
      return `${num(evidence.value)} is outside the best ${String(evidence.kept ?? '?')} of ${String(evidence.cohort_size ?? '?')} at rung ${String(evidence.rung ?? '?')} (cut-off ${num(evidence.threshold)})`;
    case 'pbt': {
      const { restore, child_params: params } = evidence;
      const shown = params ? Object.entries(params).map(([k, v]) => `${k} ${typeof v === 'number' ? formatObjective(v) : String(v)}`).join(', ') : '';
      const from = restore ? ` from trial #${String(restore.trial ?? evidence.parent ?? '?')}'s step-${String(restore.step ?? '?')} checkpoint` : '';
      // Members that had completed are compared at the same stage of training (a pool smaller than the population).
      const record = typeof evidence.record === 'number' && evidence.record > 0 ? `; ${String(evidence.record)} of the ${String(evidence.population ?? '?')} had completed, compared at this step` : '';
      return `ranked ${String(evidence.rank ?? '?')} of ${String(evidence.population ?? '?')} at step ${String(evidence.step ?? '?')} (${num(evidence.value)}, cut-off ${num(evidence.threshold)}${record}): replaced by a child${from}${shown ? ` with ${shown}` : ''}`;
    }
    default: {
      // A rule this UI does not know yet (stored JSON is not checked against StopEvidence).
      const other: { rule?: unknown } = evidence;
      return `${String(other.rule ?? 'unknown rule')}: ${JSON.stringify(evidence)}`;
    }
  }
}

/**
 * The decision and its evidence from a decision event's `data` (stored JSON, not validated:
 * the evidence is passed on as the core wrote it).
 */
export function readDecision(data: Record<string, unknown>): { decision: string | undefined; evidence: StopEvidence | undefined } {
  return {
    decision: data.decision as string | undefined,
    evidence: data.evidence ? (data.evidence as StopEvidence) : undefined,
  };
}
