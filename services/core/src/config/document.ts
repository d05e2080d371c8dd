import { parseDocument } from 'yaml';
import { isPlainObject, joinPath, Problems } from './problems.js';

export interface LoadedDocument {
  value: unknown;
  /**
   * Paths of numbers written as floats but integral in value (`1.0`, `1e3`). JavaScript has
   * one number type, but W&B (Python) reads `min: 0.0, max: 1.0` as a float range, not
   * int_uniform, so the parser needs to know how the number was spelled.
   */
  floatPaths: Set<string>;
}

/**
 * PyYAML's YAML 1.1 booleans. The yaml package's 1.1 schema also reads y/Y/n/N as booleans,
 * which PyYAML does not: a parameter named `n` would silently become `false`.
 */
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * W&B reads sweep YAML with PyYAML, i.e. YAML 1.1 (`yes`/`no`/`on`/`off` are booleans), so we
 * do too. Timestamps are left as strings: a config must stay plain JSON to be stored.
 */
export function loadYaml(text: string, problems: Problems): LoadedDocument | undefined {
  const doc = parseDocument(text, {
    version: '1.1',
    intAsBigInt: true,
    uniqueKeys: true,
    prettyErrors: true,
    customTags: (tags) => tags
      .filter((t) => !(typeof t === 'object' && t.tag === 'tag:yaml.org,2002:timestamp'))
      .map((t) => (typeof t === 'object' && t.tag === 'tag:yaml.org,2002:bool' && 'test' in t && t.test ? { ...t, test: t.test.test('true') ? PYYAML_TRUE : PYYAML_FALSE } : t)),
  });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
      const message = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? err.message;
      problems.error('', `YAML syntax error at ${where}: ${message}`);
    }
    return undefined;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    problems.error('', `YAML could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const floatPaths = new Set<string>();
  return { value: toPlainJson(value, '', problems, floatPaths), floatPaths };
}

/**
 * Makes the document plain JSON (it is stored as jsonb and compared by value), reporting what
 * cannot be: NaN/Infinity, sets, binary, dates from non-YAML input.
 */
export function toPlainJson(value: unknown, path: string, problems: Problems, floatPaths?: Set<string>): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) problems.error(path, `integer ${value.toString()} is too large; use at most 2^53-1`);
    return n;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      problems.error(path, `must be a finite number (got ${String(value)}); NaN and infinities cannot be stored`);
      return null;
    }
    if (Number.isInteger(value)) floatPaths?.add(path);
    return value + 0; // -0 is not JSON
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v, i) => toPlainJson(v, joinPath(path, i), problems, floatPaths));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // An undefined property is an absent key (what JSON.stringify does), not an error.
      if (v !== undefined) out[k] = toPlainJson(v, joinPath(path, k), problems, floatPaths);
    }
    return out;
  }
  problems.error(path, `unsupported value (${value === undefined ? 'undefined' : Object.prototype.toString.call(value)}); use plain numbers, strings, booleans, lists and mappings`);
  return null;
}
