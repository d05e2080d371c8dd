// The sweep page's comparison of picked trials: which leaderboard rows were picked, and which
// parameters tell them apart. Pure.

/** The picked rows, in leaderboard order (not the order they were picked in). */
export function pickedRows<R extends { trial: { id: string } }>(rows: readonly R[], ids: readonly string[]): R[] {
  return rows.filter((r) => ids.includes(r.trial.id));
}

/** The parameter columns whose values differ between the picked rows. */
export function differingColumns(columns: readonly string[], picked: ReadonlyArray<{ flat: Record<string, unknown> }>): string[] {
  return columns.filter((c) => new Set(picked.map((r) => JSON.stringify(r.flat[c]))).size > 1);
}

/** The sentence under the comparison table, for how many parameters differ. */
export function differenceNote(differing: number): string {
  if (differing === 1) return 'The parameter in which they differ.';
  return differing > 1 ? `The ${differing} parameters in which they differ.` : 'They share every parameter.';
}
