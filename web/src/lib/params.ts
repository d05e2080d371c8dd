// Pure helpers that turn a trial's (possibly nested) `params` JSON object into
// table columns with dotted names, e.g. {"optimizer": {"lr": 0.01}} → "optimizer.lr".

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flattens nested objects into a single-level object with dotted keys. Arrays and
 * empty objects are kept as leaf values. Non-object input yields an empty object.
 */
export function flattenParams(params: unknown): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const walk = (object: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (isPlainObject(value) && Object.keys(value).length > 0) {
        walk(value, name);
      } else {
        flat[name] = value;
      }
    }
  };
  if (isPlainObject(params)) walk(params, '');
  return flat;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The union of the flattened parameter names over all rows, sorted by name so
 * that columns stay put while the leaderboard re-orders between refreshes.
 * @param flatParamsList flattened params, one per trial
 */
export function paramColumns(flatParamsList: ReadonlyArray<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const flat of flatParamsList) {
    for (const name of Object.keys(flat)) names.add(name);
  }
  return [...names].sort(compareNames);
}
