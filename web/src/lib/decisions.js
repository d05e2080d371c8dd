// Pure wording of the searcher's early-stopping decisions, from the evidence the core records.

import { formatObjective } from './format.js';

/**
 * @param {unknown} v
 * @returns {string}
 */
function num(v) {
  return typeof v === 'number' ? formatObjective(v) : '?';
}

/**
 * One sentence saying why a trial was stopped, for the rules the core has; unknown rules fall
 * back to their raw fields so nothing is hidden.
 * @param {Record<string, unknown>} evidence
 * @returns {string}
 */
export function describeStop(evidence) {
  const rule = String(evidence.rule ?? 'unknown rule');
  if (rule === 'forecast') {
    const against = evidence.threshold_trial !== undefined ? ` (trial #${String(evidence.threshold_trial)})` : '';
    return `forecast from its ${String(evidence.view ?? 'curve')}: at best ${num(evidence.optimistic_final)} at step ${String(evidence.horizon ?? '?')}, short of the best completed ${num(evidence.threshold)}${against}`;
  }
  if (rule === 'median') {
    return `${num(evidence.value)} is worse than the median ${num(evidence.threshold)} of ${String(evidence.cohort_size ?? '?')} trials at this step`;
  }
  if (rule === 'asha' || rule === 'hyperband') {
    return `${num(evidence.value)} is outside the best ${String(evidence.kept ?? '?')} of ${String(evidence.cohort_size ?? '?')} at rung ${String(evidence.rung ?? '?')} (cut-off ${num(evidence.threshold)})`;
  }
  if (rule === 'pbt') {
    const restore = /** @type {{ step?: unknown, trial?: unknown } | undefined} */ (evidence.restore);
    const params = /** @type {Record<string, unknown> | undefined} */ (evidence.child_params);
    const shown = params ? Object.entries(params).map(([k, v]) => `${k} ${typeof v === 'number' ? formatObjective(v) : String(v)}`).join(', ') : '';
    const from = restore ? ` from trial #${String(restore.trial ?? evidence.parent ?? '?')}'s step-${String(restore.step ?? '?')} checkpoint` : '';
    return `ranked ${String(evidence.rank ?? '?')} of ${String(evidence.population ?? '?')} at step ${String(evidence.step ?? '?')} (${num(evidence.value)}, cut-off ${num(evidence.threshold)}): replaced by a child${from}${shown ? ` with ${shown}` : ''}`;
  }
  return `${rule}: ${JSON.stringify(evidence)}`;
}
