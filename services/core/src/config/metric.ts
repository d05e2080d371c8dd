import { describe, didYouMean, isPlainObject, joinPath, Problems } from './problems.js';
import { Fields } from './fields.js';
import { checkObjectiveList } from './objectives.js';
import type { MetricSpec } from './types.js';

const GOALS = ['minimize', 'maximize'];
const IMPUTE = ['latest', 'best', 'worst'];
const IMPUTE_WHILE_RUNNING = ['latest', 'best', 'worst', 'false'];

/**
 * W&B's `impute` (the value a failed run gets in bayes) and `impute_while_running` (a value
 * for running runs). Anneal's models never give either an imputed value: a failed trial is
 * kept out of the fit but never proposed again (TPE counts it with the bad group, which is
 * W&B's default `worst`), and a running trial is only kept from being proposed twice.
 */
function checkImpute(value: Record<string, unknown>, path: string, problems: Problems): void {
  const impute = value['impute'];
  if (impute !== undefined) {
    if (typeof impute !== 'string' || !IMPUTE.includes(impute)) {
      problems.admission(joinPath(path, 'impute'), `must be one of ${IMPUTE.join(', ')} (got ${describe(impute)})${typeof impute === 'string' ? didYouMean(impute, IMPUTE) : ''}`);
    } else if (impute !== 'worst') {
      problems.warn(joinPath(path, 'impute'), `'${impute}' is not implemented: Anneal treats failed trials as W&B's default 'worst' (never proposed again, left out of the model's fit)`);
    }
  }
  // YAML reads an unquoted `false` as a boolean; W&B's enum spells it as text. Both mean off.
  const whileRunning = value['impute_while_running'] === false ? 'false' : value['impute_while_running'];
  if (whileRunning !== undefined) {
    if (typeof whileRunning !== 'string' || !IMPUTE_WHILE_RUNNING.includes(whileRunning)) {
      problems.admission(joinPath(path, 'impute_while_running'), `must be one of ${IMPUTE_WHILE_RUNNING.join(', ')} (got ${describe(whileRunning)})`);
    } else if (whileRunning !== 'false') {
      problems.warn(joinPath(path, 'impute_while_running'), `'${whileRunning}' is not implemented: running trials get no imputed value (the models only avoid proposing them again); it acts as 'false'`);
    }
  }
}

/** One `{name, goal, target, impute, impute_while_running}` mapping at `path`. */
export function parseMetric(value: unknown, path: string, problems: Problems): MetricSpec | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, `must be a mapping such as {name: val_loss, goal: minimize} (got ${describe(value)})`);
    return undefined;
  }
  const before = problems.count;
  const f = new Fields(value, path, problems);
  f.onlyKeys(['name', 'goal', 'target', 'impute', 'impute_while_running'], 'metric');
  const name = f.string('name');
  if (value['name'] === undefined) problems.error(joinPath(path, 'name'), 'is required: the logged metric to optimize, e.g. val_loss');
  const goal = value['goal'] ?? 'minimize';
  if (typeof goal !== 'string' || !GOALS.includes(goal)) {
    problems.error(joinPath(path, 'goal'), `must be minimize or maximize (got ${describe(goal)})${typeof goal === 'string' ? didYouMean(goal, GOALS) : ''}`);
  }
  const target = f.number('target');
  checkImpute(value, path, problems);
  if (problems.count > before || name === undefined) return undefined;
  return { name, goal: goal as MetricSpec['goal'], ...(target !== undefined ? { target } : {}) };
}

/**
 * `metric` or W&B's newer `metrics` list. One vocabulary for objectives: a one-entry list is
 * the same as `metric` (W&B asks for at least two and `method: custom`; stored sweeps rely on
 * reading it so); two to four entries make a multi-objective sweep (config/objectives.ts).
 */
export function parseObjective(doc: Record<string, unknown>, problems: Problems): { metric?: MetricSpec; objectives?: MetricSpec[]; present: boolean } {
  const single = doc['metric'];
  const list = doc['metrics'];
  if (list === undefined) {
    return single === undefined ? { present: false } : { present: true, ...withMetric(parseMetric(single, 'metric', problems)) };
  }
  if (single !== undefined) {
    problems.admission('metrics', 'cannot be used together with metric: use metric for one objective, or metrics: [{name, goal}, ...] with 2 to 4 entries for several');
    return { present: true };
  }
  if (!Array.isArray(list) || list.length === 0) {
    problems.admission('metrics', `must be a non-empty list such as [{name: val_loss, goal: minimize}, {name: gpu_hours, goal: minimize}] (got ${describe(list)})`);
    return { present: true };
  }
  if (list.length > 1) {
    const parsed = list.map((entry, i) => parseMetric(entry, `metrics[${i}]`, problems));
    const objectives = checkObjectiveList(parsed, problems);
    return { present: true, ...(objectives ? { objectives } : {}) };
  }
  return { present: true, ...withMetric(parseMetric(list[0], 'metrics[0]', problems)) };
}

function withMetric(metric: MetricSpec | undefined): { metric?: MetricSpec } {
  return metric ? { metric } : {};
}
