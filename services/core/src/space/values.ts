/**
 * Value identity for categorical choices and de-duplication: values may be any JSON
 * (numbers, strings, booleans, lists, maps), and two maps with keys in another order are the
 * same choice.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || typeof a !== 'object' || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** Strip the binary noise of k*q (0.30000000000000004) without touching exact integers. */
export function cleanMultiple(k: number, q: number): number {
  // `+ 0` turns -0 (round(-0.2) * q) into 0: JSON cannot carry -0, and state must round-trip.
  const x = k * q + 0;
  if (Number.isInteger(q)) return x;
  return Number(x.toPrecision(15));
}
