/** Share of predictions equal to their label. */
export function accuracy(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (actual.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) right++;
  return right / actual.length;
}

/**
 * Unweighted mean of per-class F1 over the classes that occur in labels or predictions; a class
 * never predicted counts as F1 0, which is what makes macro-F1 punish ignoring a rare class.
 */
export function macroF1(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: number): number {
  const tp = new Array<number>(classes).fill(0);
  const fp = new Array<number>(classes).fill(0);
  const fn = new Array<number>(classes).fill(0);
  for (let i = 0; i < actual.length; i++) {
    const p = predicted[i]!;
    const a = actual[i]!;
    if (p === a) tp[a]!++;
    else {
      fp[p]!++;
      fn[a]!++;
    }
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (tp[c]! + fp[c]! + fn[c]! === 0) continue;
    present++;
    sum += (2 * tp[c]!) / (2 * tp[c]! + fp[c]! + fn[c]!);
  }
  return present === 0 ? 0 : sum / present;
}
