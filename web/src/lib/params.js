// Pure helpers that turn a trial's (possibly nested) `params` JSON object into
// table columns with dotted names, e.g. {"optimizer": {"lr": 0.01}} → "optimizer.lr".

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flattens nested objects into a single-level object with dotted keys. Arrays and
 * empty objects are kept as leaf values. Non-object input yields an empty object.
 * @param {unknown} params
 * @returns {Record<string, unknown>}
 */
export function flattenParams(params) {
  /** @type {Record<string, unknown>} */
  const flat = {};
  /**
   * @param {Record<string, unknown>} object
   * @param {string} prefix
   */
  const walk = (object, prefix) => {
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

/**
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function compareNames(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The union of the flattened parameter names over all rows, sorted by name so
 * that columns stay put while the leaderboard re-orders between refreshes.
 * @param {ReadonlyArray<Record<string, unknown>>} flatParamsList flattened params, one per trial
 * @returns {string[]}
 */
export function paramColumns(flatParamsList) {
  const names = new Set();
  for (const flat of flatParamsList) {
    for (const name of Object.keys(flat)) names.add(name);
  }
  return [...names].sort(compareNames);
}
