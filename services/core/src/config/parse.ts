import { isDiscrete } from '../space/dimension.js';
import { loadYaml, toPlainJson } from './document.js';
import { parseEarlyTerminate } from './early-terminate.js';
import { Fields } from './fields.js';
import { parseParameterTree } from './parameters.js';
import { parsePbt } from './pbt.js';
import { parseResources } from './resources.js';
import { parseTrainerEnv } from './trainer-env.js';
import { parseCheckpointStore } from './checkpoint-store.js';
import { parseTrainer, type ParseOptions } from './trainer.js';
import { parseWarmStart } from './warm-start.js';
import { parseConstraints } from './constraints.js';
import { parseTelemetryLimits } from './telemetry-limits.js';
import { parseBudget } from './budget.js';
import { parseObjective } from './metric.js';
import { checkMultiObjectiveSettings } from './objectives.js';
import { parseController } from './controller.js';
import { parseWandbScheduler } from './wandb-scheduler.js';
import { checkGridSize, MAX_CONCURRENT_CEILING } from './sweep-size.js';
import { describe, didYouMean, isPlainObject, joinPath, Problems } from './problems.js';
import type { EarlyTerminate, Method, ParseResult, PbtConfig, SweepConfig } from './types.js';
import { SAMPLERS } from '../samplers/registry.js';
import { DEFAULT_COMMAND, DEFAULT_MAX_CONCURRENT, DEFAULT_POOL, METHODS } from './types.js';

/** Top-level keys W&B's schema allows; accepted so existing W&B configs work unchanged. */
const WANDB_KEYS = [
  'apiVersion', 'kind', 'controller', 'description', 'program', 'job', 'image_uri', 'entity', 'project',
  'method', 'command', 'name', 'run_cap', 'metric', 'metrics', 'scheduler', 'early_terminate', 'parameters',
];
/** Anneal's own additions. */
const ANNEAL_KEYS = ['max_concurrent', 'pool', 'pbt', 'warm_start', 'trainer', 'resources', 'checkpoint_store', 'env', 'limits', 'budget', 'constraints'];
const KNOWN_KEYS = [...WANDB_KEYS, ...ANNEAL_KEYS];


function parseMethod(doc: Record<string, unknown>, problems: Problems): Method | undefined {
  const m = doc['method'];
  const choices = `use one of ${METHODS.join(', ')}`;
  if (m === undefined) {
    problems.error('method', `is required; ${choices}`);
  } else if (m === 'custom') {
    problems.error('method', `'custom' (W&B's external scheduler, also needed there for multi-objective metrics) is not supported; ${choices}`);
  } else if (typeof m !== 'string' || !(METHODS as readonly string[]).includes(m)) {
    const hint = typeof m === 'string' ? didYouMean(m, METHODS) : '';
    problems.error('method', `unknown method ${describe(m)}${hint}; ${choices}`);
  } else {
    return m as Method;
  }
  return undefined;
}

function parseCommand(value: unknown, program: string | undefined, problems: Problems): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problems.error('command', `must be a non-empty list such as ['\${env}', '\${interpreter}', '\${program}', '\${args}'] (got ${describe(value)})`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((part, i) => {
    // YAML turns `- 10` into a number; an argv element is text either way.
    if (typeof part === 'string') out.push(part);
    else if (typeof part === 'number' || typeof part === 'boolean') out.push(String(part));
    else problems.error(joinPath('command', i), `must be a string (got ${describe(part)})`);
  });
  if (program === undefined && out.some((p) => p.includes('${program}'))) {
    problems.warn('command', '${program} is used but program is not set; it will expand to nothing');
  }
  return out;
}

/**
 * W&B keys that carry no setting for Anneal but must still be what W&B allows, plus W&B's
 * rules for combining `scheduler` with other keys.
 */
function checkWandbOnlyKeys(doc: Record<string, unknown>, problems: Problems): void {
  if (doc['kind'] !== undefined && doc['kind'] !== 'sweep') {
    problems.admission('kind', `must be sweep, the only kind of W&B config (got ${describe(doc['kind'])})`);
  }
  const controller = doc['controller'] === undefined ? undefined : parseController(doc['controller'], problems);
  if (doc['scheduler'] === undefined || !parseWandbScheduler(doc['scheduler'], problems)) return;
  if (doc['early_terminate'] !== undefined) {
    problems.admission('early_terminate', 'cannot be used together with scheduler (as in W&B); remove scheduler: Anneal\'s own scheduler runs early_terminate');
  }
  if (controller === 'local') {
    problems.admission('controller.type', 'local cannot be used together with scheduler (as in W&B); remove one of them');
  }
}

function notASweep(doc: Record<string, unknown>, problems: Problems): void {
  const keys = Object.keys(doc);
  const found = keys.length > 0 ? `found keys: ${keys.join(', ')}` : 'the document is empty';
  const tune = 'tune' in doc
    ? ". This looks like a retired Ray Tune/hyperopt sweep (the 'tune' key): move its search space into 'parameters' (e.g. hyperopt.hp.uniform('dropout', 0.15, 0.4) becomes dropout: {min: 0.15, max: 0.4}) and its search algorithm into 'method'"
    : '';
  problems.error('', `not a sweep config: the W&B/Anneal format is 'method' + 'parameters' at the top level, but ${found}${tune}`);
}

function loadInput(input: unknown, problems: Problems): { doc: Record<string, unknown>; floatPaths: ReadonlySet<string> } | undefined {
  let value: unknown;
  let floatPaths: ReadonlySet<string> = new Set();
  if (typeof input === 'string') {
    const loaded = loadYaml(input, problems);
    if (!loaded) return undefined;
    value = loaded.value;
    floatPaths = loaded.floatPaths;
  } else {
    value = toPlainJson(input, '', problems);
  }
  if (!isPlainObject(value)) {
    problems.error('', `a sweep config must be a mapping with method and parameters (got ${describe(value)})`);
    return undefined;
  }
  return { doc: value, floatPaths };
}

/**
 * Parses a W&B-vocabulary sweep config (YAML/JSON text, or an already-parsed object) and
 * reports every problem with its path and what to change. `trainer:` blocks are read by the
 * specs in `options.trainers` (none by default: see `TrainerSpec`).
 */
export function parseSweepConfig(input: string | unknown, options: ParseOptions = {}): ParseResult {
  const problems = new Problems(options.stored ?? false);
  const loaded = loadInput(input, problems);
  if (!loaded) return { ok: false, problems: problems.errors, warnings: problems.warnings };
  const { doc, floatPaths } = loaded;

  for (const key of Object.keys(doc)) {
    if (!KNOWN_KEYS.includes(key)) problems.warn(key, `unknown key '${key}' is ignored${didYouMean(key, KNOWN_KEYS)}`);
  }
  if (doc['method'] === undefined && doc['parameters'] === undefined) notASweep(doc, problems);

  const method = parseMethod(doc, problems);
  const top = new Fields(doc, '', problems);
  const { metric, objectives, present: hasMetric } = parseObjective(doc, problems);
  if (objectives) checkMultiObjectiveSettings(doc, method, problems);
  checkWandbOnlyKeys(doc, problems);
  if (doc['parameters'] === undefined) {
    problems.error('parameters', 'is required: a mapping of parameter name to its definition, e.g. lr: {min: 0.0001, max: 0.1}');
  }
  const { parameters, space, pathOf } = parseParameterTree(doc['parameters'] ?? {}, problems, floatPaths, doc['parameters'] !== undefined);
  const runCap = top.number('run_cap', { integer: true, min: 1, why: 'the most trials this sweep creates' });
  const maxConcurrent = top.number('max_concurrent', { fallback: DEFAULT_MAX_CONCURRENT, integer: true, min: 1, max: options.stored ? Number.MAX_SAFE_INTEGER : MAX_CONCURRENT_CEILING, why: 'trials of this sweep queued or running at once' });
  if (options.stored && maxConcurrent !== undefined && maxConcurrent > MAX_CONCURRENT_CEILING) {
    problems.warn('max_concurrent', `is above the ceiling of ${MAX_CONCURRENT_CEILING}; this sweep, admitted before the ceiling, runs ${MAX_CONCURRENT_CEILING} trials at once`);
  }
  const pool = top.string('pool', { pattern: /^[A-Za-z0-9_-]+$/, patternText: 'letters, digits, _ and -' }) ?? DEFAULT_POOL;
  const program = top.string('program');
  const command = doc['command'] === undefined ? undefined : parseCommand(doc['command'], program, problems);
  const resources = doc['resources'] === undefined ? undefined : parseResources(doc['resources'], problems);
  const checkpointStore = doc['checkpoint_store'] === undefined ? undefined : parseCheckpointStore(doc['checkpoint_store'], problems);
  const env = doc['env'] === undefined ? undefined : parseTrainerEnv(doc['env'], problems);
  const limits = parseTelemetryLimits(doc['limits'], problems);
  const budget = parseBudget(doc['budget'], problems);
  const trainer = doc['trainer'] === undefined ? undefined : parseTrainer(doc['trainer'], space, options.trainers ?? {}, problems);
  if (trainer && (program !== undefined || command !== undefined)) {
    problems.warn(program !== undefined ? 'program' : 'command', `is ignored: the ${trainer.type} trainer runs in the agent, not as a program`);
  }
  const earlyTerminate: EarlyTerminate | undefined = doc['early_terminate'] === undefined ? undefined : parseEarlyTerminate(doc['early_terminate'], problems);
  let pbt: PbtConfig | undefined;
  if (method === 'pbt') {
    pbt = parsePbt(doc['pbt'], problems);
    if (pbt && maxConcurrent !== undefined && pbt.populationSize > maxConcurrent) {
      problems.warn('max_concurrent', `is ${maxConcurrent} but pbt.population_size is ${pbt.populationSize}: only ${maxConcurrent} members can train at once, and the others start later and are compared with the completed members' records instead of training alongside them; raise max_concurrent to the population size`);
    }
  } else if (doc['pbt'] !== undefined && method !== undefined) {
    problems.warn('pbt', 'is ignored unless method is pbt');
  }
  const warmStart = doc['warm_start'] === undefined ? undefined : parseWarmStart(doc['warm_start'], problems);
  if (warmStart && method && !SAMPLERS[method].usesWarmStart) {
    problems.warn('warm_start', `method ${method} does not learn from past trials; warm_start has an effect with ${METHODS.filter((m) => SAMPLERS[m].usesWarmStart).join(', ')}`);
  }
  const constraints = doc['constraints'] === undefined ? undefined : parseConstraints(doc['constraints'], space, problems, method === 'grid');
  if (constraints && method === 'pbt') {
    problems.error('constraints', 'are not supported with method pbt (its exploit step copies and perturbs params without them); remove constraints or choose another method');
  }
  for (const key of ['description', 'name', 'project', 'entity', 'job', 'image_uri', 'apiVersion']) top.string(key);

  if (method && SAMPLERS[method].needsMetric && !hasMetric) {
    problems.error('metric', `is required for method ${method}: add metric: {name: <a metric your program logs>, goal: minimize or maximize}`);
  } else if (doc['early_terminate'] !== undefined && !hasMetric) {
    problems.error('metric', 'is required when early_terminate is set: add metric: {name: <a metric your program logs>, goal: minimize or maximize}');
  }
  if (method && SAMPLERS[method].discreteOnly) {
    for (const dim of space) {
      if (!isDiscrete(dim)) {
        problems.error(pathOf.get(dim.name) ?? joinPath('parameters', dim.name), `grid search needs discrete values but ${dim.distribution} is continuous; use values: [...], int_uniform, or q_uniform with a q, or choose method: random or bayes`);
      }
    }
    for (const dim of space) {
      if (dim.probabilities) {
        problems.admission(joinPath(pathOf.get(dim.name) ?? joinPath('parameters', dim.name), 'probabilities'), 'means nothing to a grid, which visits every value once; remove it, or choose method: random to draw values with these probabilities');
      }
    }
    checkGridSize(space, pathOf, runCap, problems);
  }

  if (problems.count > 0 || method === undefined) {
    return { ok: false, problems: problems.errors, warnings: problems.warnings };
  }
  const config: SweepConfig = {
    method,
    parameters,
    space,
    // A stored sweep from before the ceiling runs at the ceiling.
    maxConcurrent: Math.min(maxConcurrent ?? DEFAULT_MAX_CONCURRENT, MAX_CONCURRENT_CEILING),
    pool,
    limits,
    raw: doc,
    ...(metric ? { metric } : {}),
    ...(objectives ? { objectives } : {}),
    ...(runCap !== undefined ? { runCap } : {}),
    ...(program !== undefined ? { program } : {}),
    // Filled in so consumers can read the argv template without knowing W&B's default.
    command: command ?? [...DEFAULT_COMMAND],
    ...(trainer ? { trainer } : {}),
    ...(resources ? { resources } : {}),
    ...(checkpointStore ? { checkpointStore } : {}),
    ...(env && Object.keys(env).length > 0 ? { env } : {}),
    ...(earlyTerminate ? { earlyTerminate } : {}),
    ...(pbt ? { pbt } : {}),
    ...(warmStart ? { warmStart } : {}),
    ...(budget ? { budget } : {}),
    ...(constraints && (constraints.parameters.length > 0 || constraints.metrics.length > 0) ? { constraints } : {}),
  };
  return { ok: true, config, warnings: problems.warnings };
}
