/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';
import type { ConfigProblem } from './types.js';

const base = { method: 'random', metric: { name: 'loss', goal: 'minimize' } };

function problemsOf(input: unknown): ConfigProblem[] {
  const result = parseSweepConfig(input);
  assert.equal(result.ok, false, 'expected the config to be rejected');
  return result.ok ? [] : result.problems;
}

/** Asserts a problem exists at exactly `path` whose message matches `gist`. */
function expectProblem(input: unknown, path: string, gist: RegExp): void {
  const problems = problemsOf(input);
  const hit = problems.find((p) => p.path === path && gist.test(p.message));
  assert.ok(hit, `no problem at '${path}' matching ${gist}; got ${JSON.stringify(problems, null, 2)}`);
}

const bad: [string, unknown, string, RegExp][] = [
  ['unknown method', { ...base, method: 'hyperopt', parameters: { x: { values: [1] } } }, 'method', /unknown method 'hyperopt'; use one of grid, random, sobol, tpe, gp, bayes, pbt/],
  ['misspelt method', { ...base, method: 'bayse', parameters: { x: { values: [1] } } }, 'method', /did you mean 'bayes'/],
  ['custom method', { ...base, method: 'custom', parameters: { x: { values: [1] } } }, 'method', /not supported/],
  ['missing method', { parameters: { x: { values: [1] } } }, 'method', /is required; use one of/],
  ['missing parameters', { method: 'random' }, 'parameters', /is required/],
  ['empty parameters', { method: 'random', parameters: {} }, 'parameters', /at least one parameter/],
  ['max not above min', { ...base, parameters: { lr: { min: 0.1, max: 0.01 } } }, 'parameters.lr.max', /must be a number greater than parameters\.lr\.min \(0\.1\)/],
  ['equal min and max', { ...base, parameters: { n: { min: 3, max: 3 } } }, 'parameters.n.max', /greater than parameters\.n\.min \(3\)/],
  ['min is a string', { ...base, parameters: { lr: { min: '1e-5', max: 0.1 } } }, 'parameters.lr.min', /must be a number \(got '1e-5'\)/],
  ['only min', { ...base, parameters: { lr: { min: 0.1 } } }, 'parameters.lr.max', /needs both min and max/],
  ['bare scalar parameter', { ...base, parameters: { lr: 0.1 } }, 'parameters.lr', /must be a mapping.*\{value: 0\.1\}/],
  ['bare list parameter', { ...base, parameters: { bs: [1, 2] } }, 'parameters.bs', /\{values: \[\.\.\.\]\}/],
  ['empty definition', { ...base, parameters: { lr: {} } }, 'parameters.lr', /use value .*values .*min and max/],
  ['unknown distribution', { ...base, parameters: { lr: { distribution: 'loguniform', min: 1, max: 2 } } }, 'parameters.lr.distribution', /unknown distribution 'loguniform'.*use one of/],
  ['key not allowed for distribution', { ...base, parameters: { lr: { distribution: 'uniform', min: 0, max: 1, values: [1] } } }, 'parameters.lr.values', /not allowed for distribution uniform/],
  ['typo in key', { ...base, parameters: { lr: { distribution: 'normal', mu: 0, sigmma: 1 } } }, 'parameters.lr.sigmma', /did you mean 'sigma'/],
  ['int_uniform with floats', { ...base, parameters: { n: { distribution: 'int_uniform', min: 0.5, max: 4 } } }, 'parameters.n.min', /must be an integer for int_uniform/],
  ['log_uniform_values from 0', { ...base, parameters: { lr: { distribution: 'log_uniform_values', min: 0, max: 1 } } }, 'parameters.lr.min', /greater than 0 for log_uniform_values/],
  ['negative sigma', { ...base, parameters: { x: { distribution: 'normal', sigma: -1 } } }, 'parameters.x.sigma', /greater than 0/],
  ['zero q', { ...base, parameters: { x: { distribution: 'q_uniform', min: 0, max: 10, q: 0 } } }, 'parameters.x.q', /greater than 0/],
  ['q with no multiple in range', { ...base, parameters: { x: { distribution: 'q_uniform', min: 0.1, max: 0.2, q: 0.3 } } }, 'parameters.x.q', /no multiple of q/],
  ['q without distribution', { ...base, parameters: { x: { min: 0, max: 10, q: 2 } } }, 'parameters.x.q', /distribution: q_uniform/],
  ['mu without distribution', { ...base, parameters: { x: { mu: 0, sigma: 1 } } }, 'parameters.x.distribution', /distribution: normal/],
  ['empty values', { ...base, parameters: { x: { values: [] } } }, 'parameters.x.values', /non-empty list/],
  ['probabilities not summing to 1', { ...base, parameters: { x: { values: [1, 2], probabilities: [0.5, 0.4] } } }, 'parameters.x.probabilities', /must sum to 1 \(they sum to 0\.9\)/],
  ['probabilities of wrong length', { ...base, parameters: { x: { values: [1, 2], probabilities: [1] } } }, 'parameters.x.probabilities', /one entry per value/],
  ['bad parameter name', { ...base, parameters: { 'learning rate': { values: [1] } } }, 'parameters.learning rate', /must start with a letter/],
  ['nested with extra keys', { ...base, parameters: { opt: { parameters: { lr: { values: [1] } }, values: [1] } } }, 'parameters.opt', /takes only 'parameters'/],
  ['error inside nested', { ...base, parameters: { opt: { parameters: { lr: { min: 1, max: 0 } } } } }, 'parameters.opt.parameters.lr.max', /greater than parameters\.opt\.parameters\.lr\.min/],
  ['literal dotted name colliding with nested', { ...base, parameters: { opt: { parameters: { lr: { values: [1] } } }, 'opt.lr': { values: [2] } } }, 'parameters.opt.lr', /flattens to 'opt\.lr'/],
  ['grid with a continuous parameter', { ...base, method: 'grid', parameters: { lr: { min: 0.001, max: 0.1 }, n: { values: [1] } } }, 'parameters.lr', /grid search needs discrete values/],
  ['grid with a nested continuous parameter', { ...base, method: 'grid', parameters: { o: { parameters: { lr: { distribution: 'normal' } } } } }, 'parameters.o.parameters.lr', /grid search needs discrete/],
  ['bayes without metric', { method: 'bayes', parameters: { x: { values: [1] } } }, 'metric', /required for method bayes/],
  ['pbt without metric', { method: 'pbt', pbt: { interval: 10 }, parameters: { x: { values: [1] } } }, 'metric', /required for method pbt/],
  ['early_terminate without metric', { method: 'random', early_terminate: { type: 'hyperband', min_iter: 3 }, parameters: { x: { values: [1] } } }, 'metric', /required when early_terminate is set/],
  ['metric without name', { method: 'random', metric: { goal: 'minimize' }, parameters: { x: { values: [1] } } }, 'metric.name', /is required/],
  ['bad goal', { ...base, metric: { name: 'loss', goal: 'minimise' }, parameters: { x: { values: [1] } } }, 'metric.goal', /must be minimize or maximize.*did you mean 'minimize'/],
  ['metric typo key', { ...base, metric: { name: 'loss', gaol: 'minimize' }, parameters: { x: { values: [1] } } }, 'metric.gaol', /not a metric key/],
  ['hyperband without iterations', { ...base, early_terminate: { type: 'hyperband', eta: 3 }, parameters: { x: { values: [1] } } }, 'early_terminate', /needs min_iter .* or max_iter/],
  ['hyperband eta 1', { ...base, early_terminate: { type: 'hyperband', min_iter: 1, eta: 1 }, parameters: { x: { values: [1] } } }, 'early_terminate.eta', /greater than 1/],
  ['hyperband fractional min_iter', { ...base, early_terminate: { type: 'hyperband', min_iter: 1.5 }, parameters: { x: { values: [1] } } }, 'early_terminate.min_iter', /must be an integer/],
  ['hyperband unknown key', { ...base, early_terminate: { type: 'hyperband', min_iter: 1, max_iters: 9 }, parameters: { x: { values: [1] } } }, 'early_terminate.max_iters', /did you mean 'max_iter'/],
  ['unknown stopping type', { ...base, early_terminate: { type: 'envelope' }, parameters: { x: { values: [1] } } }, 'early_terminate.type', /unknown type 'envelope'; use one of hyperband, median, asha, forecast/],
  ['median percentile out of range', { ...base, early_terminate: { type: 'median', percentile: 100 }, parameters: { x: { values: [1] } } }, 'early_terminate.percentile', /less than 100/],
  ['asha max below min', { ...base, early_terminate: { type: 'asha', min_iter: 4, max_iter: 2 }, parameters: { x: { values: [1] } } }, 'early_terminate.max_iter', /greater than early_terminate\.min_iter \(4\)/],
  ['pbt interval zero', { ...base, method: 'pbt', pbt: { interval: 0 }, parameters: { x: { values: [1] } } }, 'pbt.interval', />= 1/],
  ['pbt bad quantile', { ...base, method: 'pbt', pbt: { interval: 5, quantile: 0.8 }, parameters: { x: { values: [1] } } }, 'pbt.quantile', /<= 0\.5/],
  ['pbt bad perturb', { ...base, method: 'pbt', pbt: { interval: 5, perturb: 'lots' }, parameters: { x: { values: [1] } } }, 'pbt.perturb', /fraction in \(0, 1\)/],
  ['run_cap zero', { ...base, run_cap: 0, parameters: { x: { values: [1] } } }, 'run_cap', /must be an integer >= 1/],
  ['max_concurrent fractional', { ...base, max_concurrent: 1.5, parameters: { x: { values: [1] } } }, 'max_concurrent', /must be an integer/],
  ['pool with spaces', { ...base, pool: 'gpu pool', parameters: { x: { values: [1] } } }, 'pool', /letters, digits, _ and -/],
  ['command not a list', { ...base, command: 'python train.py', parameters: { x: { values: [1] } } }, 'command', /non-empty list/],
  ['command element object', { ...base, command: ['python', { a: 1 }], parameters: { x: { values: [1] } } }, 'command[1]', /must be a string/],
  ['NaN in values', { ...base, parameters: { x: { values: [1, Number.NaN] } } }, 'parameters.x.values[1]', /finite number/],
  ['not a mapping', [1, 2], '', /must be a mapping/],
  ['env not a mapping', { ...base, parameters: { x: { values: [1] } }, env: ['A=1'] }, 'env', /must be a mapping of variable names/],
  ['env bad name', { ...base, parameters: { x: { values: [1] } }, env: { '1X': 'a' } }, 'env.1X', /is not a variable name/],
  ['env secret name', { ...base, parameters: { x: { values: [1] } }, env: { HF_TOKEN: 'hf_x' } }, 'env.HF_TOKEN', /looks like a secret.*--trainer-env HF_TOKEN/],
  ['env reserved name', { ...base, parameters: { x: { values: [1] } }, env: { ANNEAL_TRIAL_ID: 'x' } }, 'env.ANNEAL_TRIAL_ID', /set by the agent/],
  ['env GPU pinning', { ...base, parameters: { x: { values: [1] } }, env: { CUDA_VISIBLE_DEVICES: '0' } }, 'env.CUDA_VISIBLE_DEVICES', /set by the agent/],
  ['env nested value', { ...base, parameters: { x: { values: [1] } }, env: { A: { b: 1 } } }, 'env.A', /string, number or boolean/],
];

for (const [name, input, path, gist] of bad) {
  test(`rejects: ${name}`, () => expectProblem(input, path, gist));
}

test('collects every problem, not just the first', () => {
  const problems = problemsOf({
    method: 'grid',
    metric: { name: 'loss', goal: 'up' },
    parameters: { a: { min: 1, max: 0 }, b: { distribution: 'nope' }, c: { values: [] } },
    run_cap: -1,
  });
  const paths = problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ['metric.goal', 'parameters.a.max', 'parameters.b.distribution', 'parameters.c.values', 'run_cap']);
});

test('YAML syntax errors name the line', () => {
  const problems = problemsOf('method: random\nparameters:\n  x: {values: [1, 2}\n');
  assert.equal(problems[0]?.path, '');
  assert.match(problems[0]?.message ?? '', /YAML syntax error at line 3/);
});

test('duplicate YAML keys are rejected', () => {
  const problems = problemsOf('method: random\nmethod: grid\nparameters:\n  x: {values: [1]}\n');
  assert.match(problems[0]?.message ?? '', /line 2.*unique/);
});

test('accepts JSON text and parsed objects alike', () => {
  const doc = { method: 'random', parameters: { x: { values: [1, 2] } } };
  const fromText = parseSweepConfig(JSON.stringify(doc));
  const fromObject = parseSweepConfig(doc);
  assert.ok(fromText.ok && fromObject.ok);
  assert.deepEqual(fromText.config, fromObject.config);
});

test('unknown top-level keys warn; W&B keys are accepted silently', () => {
  const r = parseSweepConfig({ method: 'random', parameters: { x: { values: [1] } }, project: 'p', entity: 'e', name: 'n', description: 'd', controller: { type: 'local' }, job: 'j', paramters: {} });
  assert.ok(r.ok);
  assert.deepEqual(r.warnings.map((w) => w.path), ['paramters']);
  assert.match(r.warnings[0]?.message ?? '', /did you mean 'parameters'/);
});

test('min/max without distribution: int_uniform for integers, uniform otherwise', () => {
  const r = parseSweepConfig('method: random\nparameters:\n  a: {min: 1, max: 8}\n  b: {min: 0.5, max: 8}\n  c: {min: 0.0, max: 1.0}\n');
  assert.ok(r.ok);
  // `0.0`/`1.0` are floats to W&B (Python), so they stay a real range even though JS sees 0 and 1.
  assert.deepEqual(r.config.space.map((d) => [d.name, d.distribution, d.kind]), [
    ['a', 'int_uniform', 'int'],
    ['b', 'uniform', 'float'],
    ['c', 'uniform', 'float'],
  ]);
});

test('YAML 1.1 booleans and unquoted exponents read the way W&B reads them', () => {
  const r = parseSweepConfig('method: grid\nparameters:\n  flag: {values: [yes, no]}\n  decay: {values: [1e-5, 1e-6]}\n  day: {value: 2024-01-01}\n');
  assert.ok(r.ok);
  assert.deepEqual(r.config.space.map((d) => d.values), [[true, false], [1e-5, 1e-6], ['2024-01-01']]);
});

test('defaults: goal, max_concurrent, pool, eta; exact metric and run_cap carried over', () => {
  const r = parseSweepConfig({ method: 'random', metric: { name: 'acc', target: 0.9 }, run_cap: 20, max_concurrent: 2, pool: 'a100', early_terminate: { type: 'hyperband', min_iter: 3 }, parameters: { x: { values: [1] } } });
  assert.ok(r.ok);
  assert.deepEqual(r.config.metric, { name: 'acc', goal: 'minimize', target: 0.9 });
  assert.equal(r.config.runCap, 20);
  assert.equal(r.config.maxConcurrent, 2);
  assert.equal(r.config.pool, 'a100');
  assert.deepEqual(r.config.earlyTerminate, { type: 'hyperband', eta: 3, min_iter: 3 });
  assert.deepEqual(r.config.command, ['${env}', '${interpreter}', '${program}', '${args}']);
});

test('stopping rules and pbt are normalized with defaults', () => {
  const median = parseSweepConfig({ ...base, early_terminate: { type: 'median' }, parameters: { x: { values: [1] } } });
  assert.ok(median.ok);
  assert.deepEqual(median.config.earlyTerminate, { type: 'median', min_iter: 1, min_trials: 5, percentile: 50 });
  const asha = parseSweepConfig({ ...base, early_terminate: { type: 'asha', max_iter: 81 }, parameters: { x: { values: [1] } } });
  assert.ok(asha.ok);
  assert.deepEqual(asha.config.earlyTerminate, { type: 'asha', min_iter: 1, eta: 3, max_iter: 81 });
  const pbt = parseSweepConfig({ ...base, method: 'pbt', pbt: { interval: 100, perturb: 0.25 }, parameters: { x: { values: [1] } } });
  assert.ok(pbt.ok);
  assert.deepEqual(pbt.config.pbt, { populationSize: 8, interval: 100, quantile: 0.25, perturb: [0.75, 1.25], resampleProbability: 0.25 });
});

test('hyperband with max_iter and no s warns and fills s', () => {
  const r = parseSweepConfig({ ...base, early_terminate: { type: 'hyperband', max_iter: 27 }, parameters: { x: { values: [1] } } });
  assert.ok(r.ok);
  assert.deepEqual(r.config.earlyTerminate, { type: 'hyperband', eta: 3, max_iter: 27, s: 3 });
  assert.ok(r.warnings.some((w) => w.path === 'early_terminate.s'));
});

test('every method name is accepted', () => {
  for (const method of ['grid', 'random', 'sobol', 'tpe', 'gp', 'bayes', 'pbt']) {
    const r = parseSweepConfig({ ...base, method, pbt: method === 'pbt' ? { interval: 1 } : undefined, parameters: { x: { values: [1, 2] } } });
    assert.ok(r.ok, `${method}: ${JSON.stringify(!r.ok && r.problems)}`);
    assert.equal(r.config.method, method);
  }
});

test('raw keeps the document and parameters keep their written shape', () => {
  const doc = { method: 'random', parameters: { opt: { parameters: { lr: { min: 0.1, max: 1 } } } }, project: 'x' };
  const r = parseSweepConfig(doc);
  assert.ok(r.ok);
  assert.deepEqual(r.config.raw, doc);
  assert.deepEqual(r.config.parameters, doc.parameters);
  assert.deepEqual(r.config.space.map((d) => d.name), ['opt.lr']);
});

test('forecast, warm_start and a PBT section without interval parse with defaults', () => {
  const f = parseSweepConfig({ method: 'random', metric: { name: 'loss' }, early_terminate: { type: 'forecast' }, parameters: { x: { values: [1] } } });
  assert.ok(f.ok);
  assert.deepEqual(f.config.earlyTerminate, { type: 'forecast', min_iter: 1, min_trials: 2 });
  const bad = parseSweepConfig({ method: 'random', metric: { name: 'loss' }, early_terminate: { type: 'forecast', min_iter: 9, max_iter: 4 }, parameters: { x: { values: [1] } } });
  assert.ok(!bad.ok && bad.problems[0]?.path === 'early_terminate.max_iter');
  const w = parseSweepConfig({ method: 'bayes', metric: { name: 'loss' }, warm_start: { sweep: 'swp_42' }, parameters: { x: { values: [1] } } });
  assert.ok(w.ok);
  assert.deepEqual(w.config.warmStart, { sweep: 'swp_42' });
  const wn = parseSweepConfig({ method: 'bayes', metric: { name: 'loss' }, warm_start: { sweep: 42 }, parameters: { x: { values: [1] } } });
  assert.ok(wn.ok && wn.config.warmStart?.sweep === '42');
  const wbad = parseSweepConfig({ method: 'bayes', metric: { name: 'loss' }, warm_start: { from: 'x' }, parameters: { x: { values: [1] } } });
  assert.ok(!wbad.ok && wbad.problems.some((p) => p.path === 'warm_start.sweep'));
  const p = parseSweepConfig({ method: 'pbt', metric: { name: 'loss' }, parameters: { x: { values: [1] } } });
  assert.ok(p.ok && p.config.pbt?.interval === 10);
  assert.ok(p.warnings.some((x) => x.path === 'pbt'));
});

test('env: variables for every trainer, written as text', () => {
  const r = parseSweepConfig({ ...base, parameters: { x: { values: [1] } }, env: { WANDB_MODE: 'offline', OMP_NUM_THREADS: 4, TOKENIZERS_PARALLELISM: false } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.ok && r.config.env, { WANDB_MODE: 'offline', OMP_NUM_THREADS: '4', TOKENIZERS_PARALLELISM: 'false' });
  assert.deepEqual(r.ok && r.warnings, [], 'env is a known key');
});
