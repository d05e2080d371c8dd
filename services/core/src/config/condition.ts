import type { Condition, Space } from '../space/types.js';
import { sameValue } from '../space/values.js';
import { describe, didYouMean, isPlainObject, joinPath, Problems } from './problems.js';

/**
 * `when:` makes a parameter (or a nested group) conditional on a categorical one:
 *
 *     momentum: {min: 0, max: 0.99, when: {parameter: optimizer, value: sgd}}
 *     lora: {when: {parameter: peft, values: [lora, dora]}, parameters: {r: {values: [8, 16]}}}
 *
 * W&B refuses any key it does not know inside a parameter, so no W&B config has `when` there,
 * and adding it cannot change what an existing config means (docs/ARCHITECTURE.md says why
 * this shape and not choices that carry their own parameters).
 */

const KEYS = ['parameter', 'value', 'values'];

/** Where each conditional parameter's condition was written (for messages). */
export type ConditionPaths = Map<string, string>;

export function parseWhen(value: unknown, path: string, problems: Problems): Condition | undefined {
  const example = 'write when: {parameter: <a categorical parameter>, value: <one of its values>} (or values: [...])';
  if (!isPlainObject(value)) {
    problems.error(path, `must be a mapping (got ${describe(value)}); ${example}`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (KEYS.includes(key)) continue;
    ok = false;
    problems.error(joinPath(path, key), `is not allowed in when; allowed keys: ${KEYS.join(', ')}${didYouMean(key, KEYS)}`);
  }
  const parent = value['parameter'];
  if (typeof parent !== 'string' || parent === '') {
    problems.error(joinPath(path, 'parameter'), `must name the parameter this one depends on (got ${describe(parent)}); ${example}`);
    ok = false;
  }
  const hasOne = 'value' in value;
  const hasMany = 'values' in value;
  if (hasOne === hasMany) {
    problems.error(path, `needs exactly one of value or values; ${example}`);
    return undefined;
  }
  const values = hasOne ? [value['value']] : value['values'];
  if (!Array.isArray(values) || values.length === 0) {
    problems.error(joinPath(path, 'values'), `must be a non-empty list of the parent's values (got ${describe(values)})`);
    return undefined;
  }
  return ok ? { parent: parent as string, values: [...values] } : undefined;
}

/**
 * Checks every condition against the whole space (a parent may be declared after its
 * children): the parent exists, is a choice, lists the values named, and no chain of
 * conditions loops back on itself.
 */
export function checkConditions(space: Space, paths: ConditionPaths, problems: Problems): void {
  const dims = new Map(space.map((d) => [d.name, d]));
  const names = space.map((d) => d.name);
  const broken = new Set<string>();
  for (const dim of space) {
    const cond = dim.condition;
    if (!cond) continue;
    const at = paths.get(dim.name) ?? joinPath(joinPath('parameters', dim.name), 'when');
    const parent = dims.get(cond.parent);
    if (cond.parent === dim.name) {
      problems.error(joinPath(at, 'parameter'), `${dim.name} cannot depend on itself`);
      broken.add(dim.name);
      continue;
    }
    if (!parent) {
      problems.error(joinPath(at, 'parameter'), `'${cond.parent}' is not a parameter of this sweep${didYouMean(cond.parent, names)}; name a categorical parameter by its full dotted name (e.g. model.peft)`);
      broken.add(dim.name);
      continue;
    }
    if (parent.kind !== 'categorical') {
      problems.error(joinPath(at, 'parameter'), `'${cond.parent}' has distribution ${parent.distribution}; a condition needs a categorical one (values: [...]) to choose between branches`);
      broken.add(dim.name);
      continue;
    }
    cond.values.forEach((v, i) => {
      if ((parent.values ?? []).some((w) => sameValue(v, w))) return;
      problems.error(joinPath(joinPath(at, 'values'), i), `${describe(v)} is not one of ${cond.parent}'s values (${(parent.values ?? []).map(describe).join(', ')}), so ${dim.name} would never be used`);
    });
  }
  for (const dim of space) {
    if (!dim.condition || broken.has(dim.name)) continue;
    // Only the members of a loop report it; a parameter hanging off a loop is fine itself.
    const chain = [dim.name];
    let at = dims.get(dim.condition.parent);
    while (at?.condition && !broken.has(at.name) && at.name !== dim.name && chain.length <= space.length) {
      chain.push(at.name);
      at = dims.get(at.condition.parent);
    }
    if (at?.name === dim.name) {
      problems.error(joinPath(paths.get(dim.name) ?? joinPath('parameters', dim.name), 'parameter'), `conditions form a cycle (${[...chain, dim.name].join(' -> ')}): a parameter cannot exist only when it exists; make one of them unconditional`);
    }
  }
}
