import type { Condition, Space } from '../space/types.js';
import { checkConditions, parseWhen, type ConditionPaths } from './condition.js';
import { parseParameter } from './parameter.js';
import { describe, isPlainObject, joinPath, Problems } from './problems.js';
import type { ParameterSpec } from './types.js';

// W&B's schema pattern: names must survive `--name=value` on a command line.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function hintFor(value: unknown): string {
  if (Array.isArray(value)) return `; for a choice write {values: [...]}`;
  if (value === null || typeof value !== 'object') return `; for a constant write {value: ${describe(value).replace(/^'|'$/g, '')}}`;
  return '';
}

/**
 * Validates a `parameters` mapping and flattens it into the space: nested parameters become
 * dotted names at their parent's position, so declaration order is the space order.
 */
export function parseParameters(
  value: unknown,
  path: string,
  problems: Problems,
  floatPaths: ReadonlySet<string>,
  parent: { name: string; path: string[] } | undefined,
  space: Space,
  owners: Map<string, string>,
  conditions: { paths: ConditionPaths; inherited?: { condition: Condition; path: string } } = { paths: new Map() },
): void {
  if (!isPlainObject(value)) {
    problems.error(path, `must be a mapping of parameter name to its definition (got ${describe(value)})`);
    return;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    problems.error(path, 'must define at least one parameter');
    return;
  }
  for (const [key, spec] of entries) {
    const specPath = joinPath(path, key);
    if (!NAME.test(key)) {
      problems.error(specPath, `parameter name '${key}' must start with a letter or _ and use only letters, digits, _, . and -`);
      continue;
    }
    const name = parent ? `${parent.name}.${key}` : key;
    const dimPath = parent ? [...parent.path, key] : [key];
    if (!isPlainObject(spec)) {
      problems.error(specPath, `must be a mapping (got ${describe(spec)})${hintFor(spec)}`);
      continue;
    }
    const own = conditionOf(spec, specPath, problems, conditions.inherited);
    if (own === null) continue;
    const condition = own ?? conditions.inherited;
    if ('parameters' in spec) {
      const extra = Object.keys(spec).filter((k) => k !== 'parameters' && k !== 'when');
      if (extra.length > 0) {
        problems.error(specPath, `a nested parameter takes only 'parameters' (and 'when'); remove ${extra.map((k) => `'${k}'`).join(', ')}`);
        continue;
      }
      const scope = { paths: conditions.paths, ...(condition ? { inherited: condition } : {}) };
      parseParameters(spec['parameters'], joinPath(specPath, 'parameters'), problems, floatPaths, { name, path: dimPath }, space, owners, scope);
      continue;
    }
    const owner = owners.get(name);
    if (owner !== undefined) {
      problems.error(specPath, `flattens to '${name}', as ${owner} does; rename one of them`);
      continue;
    }
    owners.set(name, specPath);
    const { when: _when, ...plain } = spec;
    const dim = parseParameter(plain, specPath, name, dimPath, problems, floatPaths);
    if (!dim) continue;
    if (condition) conditions.paths.set(name, condition.path);
    space.push(condition ? { ...dim, condition: condition.condition } : dim);
  }
}

/**
 * The `when` written on this spec: undefined when there is none, null when it is invalid (or
 * doubles a group's condition: one parent per parameter keeps the conditions a tree).
 */
function conditionOf(spec: Record<string, unknown>, specPath: string, problems: Problems, inherited: { path: string } | undefined): { condition: Condition; path: string } | undefined | null {
  if (!('when' in spec)) return undefined;
  const path = joinPath(specPath, 'when');
  if (inherited) {
    problems.error(path, `is inside a group that already has a condition (${inherited.path}); each parameter depends on one choice: move it out of the group (its when may name a choice inside the group)`);
    return null;
  }
  const condition = parseWhen(spec['when'], path, problems);
  return condition ? { condition, path } : null;
}

export function parseParameterTree(
  value: unknown,
  problems: Problems,
  floatPaths: ReadonlySet<string>,
  present = true,
): { parameters: Record<string, ParameterSpec>; space: Space; pathOf: ReadonlyMap<string, string> } {
  const space: Space = [];
  const owners = new Map<string, string>();
  // An absent section is reported once by the caller, not again as "empty".
  const paths: ConditionPaths = new Map();
  if (present) {
    parseParameters(value, 'parameters', problems, floatPaths, undefined, space, owners, { paths });
    checkConditions(space, paths, problems);
  }
  const parameters = (isPlainObject(value) ? value : {}) as Record<string, ParameterSpec>;
  return { parameters, space, pathOf: owners };
}
