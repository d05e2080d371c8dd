/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSweepConfig } from './parse.js';

/**
 * W&B-style validation cases, key by key, written for Anneal after reading W&B's sweep config
 * schema and its validation tests (wandb/sweeps: tests/test_validation.py, tests/test_config.py).
 * Each case says whether Anneal accepts the config and, when not, the path of the problem.
 * `differs` marks where Anneal's verdict differs from W&B's on purpose (see the README's
 * "Sweep config" section).
 */
interface Case {
  name: string;
  /** YAML/JSON text, or an already-parsed object. */
  input: unknown;
  /** Problems expected (path and message gist), or 'valid'. */
  expect: 'valid' | [string, RegExp][];
  /** Paths that must carry a warning (valid configs only); absent: no warnings at all. */
  warns?: string[];
  differs?: string;
}

const v1 = { v1: { values: [1, 2, 3] } };
const pair = [{ name: 'loss', goal: 'minimize' }, { name: 'accuracy', goal: 'maximize' }];
const code = { engine: 'wandb', source: 'scheduler.py', optimizer: 'build_study', search_space: 'search_space' };

const CASES: Case[] = [
  // method and the document itself
  ...['bayes', 'grid', 'random'].map((method): Case => ({ name: `misspelt goal with ${method}`, input: { method, metric: { name: 'loss', goal: 'minimise' }, parameters: { v1: { values: ['a', 'b', 'c'] } } }, expect: [['metric.goal', /must be minimize or maximize.*did you mean 'minimize'/]] })),
  { name: 'method missing', input: { parameters: { a: { values: [1, 2, 3, 4] } } }, expect: [['method', /is required/]] },
  { name: 'not a mapping', input: 'this is a totally invalid config', expect: [['', /must be a mapping/]] },
  { name: 'method: custom', input: { method: 'custom', parameters: v1 }, expect: [['method', /'custom'.*not supported/]], differs: 'W&B hands custom to an external scheduler' },
  { name: 'kind: sweep', input: { kind: 'sweep', method: 'random', parameters: v1 }, expect: 'valid' },
  { name: 'kind other than sweep', input: { kind: 'job', method: 'random', parameters: v1 }, expect: [['kind', /must be sweep/]] },
  { name: 'unknown top-level key', input: { method: 'random', parameters: v1, paramaters: {} }, expect: 'valid', warns: ['paramaters'], differs: 'W&B lists it as a violation; Anneal warns' },

  // parameters
  { name: 'empty parameters', input: { method: 'random', parameters: {} }, expect: [['parameters', /at least one parameter/]] },
  { name: 'parameters missing', input: { method: 'random' }, expect: [['parameters', /is required/]] },
  { name: 'min above max', input: { method: 'random', parameters: { v1: { max: 3, min: 5 }, v2: { min: 5, max: 6 } } }, expect: [['parameters.v1.max', /greater than parameters\.v1\.min \(5\)/]] },
  { name: 'uniform with integer bounds', input: { method: 'random', parameters: { a: { min: 0, max: 1, distribution: 'uniform' } } }, expect: 'valid' },
  { name: 'int_uniform with float bounds (YAML)', input: 'method: random\nparameters:\n  a: {min: 0.0, max: 1.0, distribution: int_uniform}\n', expect: [['parameters.a.min', /written as a float; write 0/], ['parameters.a.max', /written as a float; write 1/]] },
  { name: 'int_uniform with float bounds (JSON text)', input: '{"method": "random", "parameters": {"a": {"min": 0.0, "max": 1.0, "distribution": "int_uniform"}}}', expect: [['parameters.a.min', /written as a float/], ['parameters.a.max', /written as a float/]] },
  { name: 'int_uniform with exponent bound (YAML)', input: 'method: random\nparameters:\n  a: {min: 1, max: 1e3, distribution: int_uniform}\n', expect: [['parameters.a.max', /written as a float; write 1000/]] },
  { name: 'int_uniform with whole bounds from a parsed object', input: { method: 'random', parameters: { a: { min: 0.0, max: 1.0, distribution: 'int_uniform' } } }, expect: 'valid', differs: 'a parsed object cannot say how 0.0 was written; whole numbers count as integers' },
  { name: 'int_uniform with a fractional bound', input: { method: 'random', parameters: { a: { min: 0.5, max: 4, distribution: 'int_uniform' } } }, expect: [['parameters.a.min', /must be an integer for int_uniform/]] },
  { name: 'float-written bounds without distribution are uniform', input: 'method: random\nparameters:\n  a: {min: 0.0, max: 1.0}\n', expect: 'valid' },
  { name: 'negative sigma', input: { method: 'random', parameters: { v1: { mu: 0.1, sigma: -0.1, distribution: 'normal' } } }, expect: [['parameters.v1.sigma', /greater than 0/]] },
  { name: 'probabilities of the wrong length', input: { method: 'random', parameters: { v1: { values: [1, 2, 3], probabilities: [0.1, 0.2, 0.3, 0.4] } } }, expect: [['parameters.v1.probabilities', /one entry per value/]] },
  { name: 'probabilities not summing to 1', input: { method: 'random', parameters: { v1: { values: [1, 2, 3], probabilities: [0.1, 0.2, 0.3] } } }, expect: [['parameters.v1.probabilities', /must sum to 1/]] },
  { name: 'grid with probabilities', input: { method: 'grid', parameters: { v1: { values: [1, 2, 3], probabilities: [0.2, 0.2, 0.6] } } }, expect: [['parameters.v1.probabilities', /means nothing to a grid/]] },
  { name: 'grid with categorical_w_probabilities', input: { method: 'grid', parameters: { v1: { distribution: 'categorical_w_probabilities', values: [1, 2], probabilities: [0.5, 0.5] } } }, expect: [['parameters.v1.probabilities', /means nothing to a grid/]] },
  { name: 'grid with nested probabilities', input: { method: 'grid', parameters: { o: { parameters: { v1: { values: [1, 2], probabilities: [0.5, 0.5] } } } } }, expect: [['parameters.o.parameters.v1.probabilities', /means nothing to a grid/]] },
  { name: 'random with probabilities', input: { method: 'random', parameters: { v1: { values: [1, 2, 3], probabilities: [0.2, 0.2, 0.6] } } }, expect: 'valid' },
  { name: 'grid over mixed-type values', input: { method: 'grid', parameters: { v1: { values: [null, 2, 3, 'a', [2, 3]] } } }, expect: 'valid' },
  { name: 'grid over int_uniform and q_uniform', input: { method: 'grid', parameters: { n: { distribution: 'int_uniform', min: 1, max: 4 }, w: { distribution: 'q_uniform', min: 0, max: 1, q: 0.25 } } }, expect: 'valid' },
  { name: 'nested parameter dicts', input: { method: 'grid', metric: { name: 'loss' }, parameters: { a: { parameters: { b: { values: [1, 2] }, c: { parameters: { d: { value: 1 } } } } } } }, expect: 'valid' },
  { name: 'same name at different nesting levels', input: { method: 'random', parameters: { a: { parameters: { b: { value: 1 } } }, b: { values: [2, 3] } } }, expect: 'valid' },
  { name: 'parameter name with a leading digit', input: { method: 'random', parameters: { '1st': { values: [1] } } }, expect: [['parameters.1st', /must start with a letter/]] },
  ...['log_uniform', 'q_log_uniform', 'inv_log_uniform'].map((distribution): Case => ({ name: `deprecated ${distribution}`, input: { method: 'random', parameters: { a: { min: 1, max: 2, distribution } } }, expect: 'valid', warns: ['parameters.a.distribution'], differs: 'W&B lists it as a violation; Anneal warns and converts' })),
  ...['log_uniform_values', 'q_log_uniform_values', 'inv_log_uniform_values'].map((distribution): Case => ({ name: `${distribution} with min above max`, input: { method: 'random', parameters: { a: { min: 2, max: 1, distribution } } }, expect: [['parameters.a.max', /greater than parameters\.a\.min/]] })),

  // run_cap
  ...[-1, 0, -0.3, 5.1, '1'].map((runCap): Case => ({ name: `run_cap ${JSON.stringify(runCap)}`, input: { method: 'random', parameters: { a: { values: [1, 2, 3, 4] } }, run_cap: runCap }, expect: [['run_cap', /must be an integer/]] })),
  ...[1, 300].map((runCap): Case => ({ name: `run_cap ${runCap}`, input: { method: 'random', parameters: { a: { values: [1, 2, 3, 4] } }, run_cap: runCap }, expect: 'valid' })),

  // controller
  ...['cloud', 'local'].map((type): Case => ({ name: `controller ${type}`, input: { controller: { type }, method: 'random', parameters: { a: { values: [1, 2, 3, 4] } } }, expect: 'valid' })),
  { name: 'controller of an unknown type', input: { controller: { type: 'invalid' }, method: 'random', parameters: { a: { values: [1, 2, 3, 4] } } }, expect: [['controller.type', /unknown controller type 'invalid'; use one of cloud, local/]] },
  { name: 'controller without type', input: { controller: {}, method: 'random', parameters: v1 }, expect: [['controller.type', /is required/]] },
  { name: 'controller as a string', input: { controller: 'local', method: 'random', parameters: v1 }, expect: [['controller', /must be a mapping/]] },

  // metric
  { name: 'metric with target', input: { method: 'random', metric: { name: 'acc', goal: 'maximize', target: 0.9 }, parameters: v1 }, expect: 'valid' },
  { name: 'metric target not a number', input: { method: 'random', metric: { name: 'acc', target: 'high' }, parameters: v1 }, expect: [['metric.target', /must be a number/]] },
  { name: 'metric with an extra key', input: { method: 'random', metric: { name: 'acc', direction: 'up' }, parameters: v1 }, expect: [['metric.direction', /not a metric key/]] },
  { name: 'impute worst (W&B default)', input: { method: 'bayes', metric: { name: 'l', impute: 'worst' }, parameters: v1 }, expect: 'valid' },
  { name: 'impute best', input: { method: 'bayes', metric: { name: 'l', impute: 'best' }, parameters: v1 }, expect: 'valid', warns: ['metric.impute'], differs: 'failed trials are always treated as worst' },
  { name: 'impute unknown', input: { method: 'bayes', metric: { name: 'l', impute: 'median' }, parameters: v1 }, expect: [['metric.impute', /must be one of latest, best, worst/]], differs: 'W&B falls back to worst when filling; its schema refuses it' },
  { name: 'impute_while_running false (YAML boolean)', input: 'method: bayes\nmetric: {name: l, impute_while_running: false}\nparameters: {v1: {values: [1, 2]}}\n', expect: 'valid', differs: 'W&B wants the text "false"' },
  { name: "impute_while_running 'false'", input: { method: 'bayes', metric: { name: 'l', impute_while_running: 'false' }, parameters: v1 }, expect: 'valid' },
  { name: 'impute_while_running latest', input: { method: 'bayes', metric: { name: 'l', impute_while_running: 'latest' }, parameters: v1 }, expect: 'valid', warns: ['metric.impute_while_running'], differs: 'running trials get no imputed value' },
  { name: 'impute_while_running unknown', input: { method: 'bayes', metric: { name: 'l', impute_while_running: 'always' }, parameters: v1 }, expect: [['metric.impute_while_running', /must be one of/]] },

  // metrics (a list)
  { name: 'metrics with two entries and method custom', input: { method: 'custom', metrics: pair, parameters: v1 }, expect: [['method', /not supported/]], differs: 'W&B runs it with a custom scheduler' },
  { name: 'metrics with two entries and method bayes', input: { method: 'bayes', metrics: pair, parameters: v1 }, expect: 'valid', differs: 'W&B needs method: custom for several metrics; Anneal runs a multi-objective search' },
  { name: 'metric and metrics together', input: { method: 'random', metric: { name: 'loss' }, metrics: pair, parameters: v1 }, expect: [['metrics', /cannot be used together with metric/]] },
  { name: 'metrics with one entry', input: { method: 'bayes', metrics: [{ name: 'loss', goal: 'minimize' }], parameters: v1 }, expect: 'valid', differs: 'W&B wants two or more and method: custom; Anneal reads one as metric' },
  { name: 'metrics not a list', input: { method: 'random', metrics: 'not-a-list', parameters: v1 }, expect: [['metrics', /must be a non-empty list/]] },
  { name: 'metrics empty', input: { method: 'random', metrics: [], parameters: v1 }, expect: [['metrics', /must be a non-empty list/]] },
  { name: 'metrics entry not a mapping', input: { method: 'random', metrics: ['loss'], parameters: v1 }, expect: [['metrics[0]', /must be a mapping/]] },
  { name: 'metrics entry without name', input: { method: 'random', metrics: [{ goal: 'maximize' }], parameters: v1 }, expect: [['metrics[0].name', /is required/]] },
  { name: 'metrics entry with a bad goal', input: { method: 'random', metrics: [{ name: 'l', goal: 'not-a-real-goal' }], parameters: v1 }, expect: [['metrics[0].goal', /must be minimize or maximize/]], differs: 'W&B replaces it with minimize when filling; its schema refuses it' },
  { name: 'metrics entry with a bad impute', input: { method: 'random', metrics: [{ name: 'l', impute: 'not-a-real-impute' }], parameters: v1 }, expect: [['metrics[0].impute', /must be one of/]] },
  { name: 'bayes with a one-entry metrics list needs no metric', input: { method: 'bayes', metrics: [{ name: 'l' }], parameters: v1 }, expect: 'valid' },

  // early_terminate
  { name: 'early_terminate of an unknown type', input: { method: 'bayes', metric: { name: 'loss' }, parameters: v1, early_terminate: { type: 'invalid type' } }, expect: [['early_terminate.type', /unknown type/]] },
  { name: 'hyperband with an extra key', input: { method: 'bayes', metric: { name: 'loss' }, parameters: v1, early_terminate: { type: 'hyperband', min_iter: 100, extra_key: 1234 } }, expect: [['early_terminate.extra_key', /not a hyperband key/]] },
  { name: 'hyperband with min_iter', input: { method: 'bayes', metric: { name: 'loss', goal: 'minimize' }, early_terminate: { type: 'hyperband', min_iter: 3 }, parameters: v1 }, expect: 'valid' },
  { name: 'hyperband without min_iter or max_iter', input: { method: 'bayes', metric: { name: 'loss' }, early_terminate: { type: 'hyperband' }, parameters: v1 }, expect: [['early_terminate', /needs min_iter/]] },

  // scheduler
  { name: 'scheduler engine wandb only', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'wandb' }, parameters: v1 }, expect: 'valid' },
  { name: 'scheduler with source, optimizer and search_space', input: { method: 'bayes', metric: { name: 'l' }, scheduler: code, parameters: v1 }, expect: [['scheduler.source', /custom scheduler code is not supported/], ['scheduler.optimizer', /not supported/], ['scheduler.search_space', /not supported/]], differs: 'Anneal does not load user code into its scheduler' },
  { name: 'scheduler search_space instead of parameters', input: { method: 'bayes', scheduler: code }, expect: [['scheduler.source', /not supported/], ['scheduler.optimizer', /not supported/], ['scheduler.search_space', /not supported/], ['parameters', /is required/], ['metric', /required for method bayes/]], differs: 'parameters stay required' },
  ...['optuna', 'ax'].map((engine): Case => ({ name: `scheduler engine ${engine}`, input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine }, parameters: v1 }, expect: [['scheduler.engine', new RegExp(`engine ${engine} is not supported`)]] })),
  { name: 'scheduler engine unknown', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'not-a-real-engine' }, parameters: v1 }, expect: [['scheduler.engine', /unknown engine/]] },
  { name: 'scheduler without engine', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { source: 'scheduler.py' }, parameters: v1 }, expect: [['scheduler.engine', /is required/], ['scheduler.source', /not supported/]] },
  ...['optimizer', 'search_space'].map((field): Case => ({ name: `scheduler ${field} without source`, input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'wandb', [field]: 'build_study' }, parameters: v1 }, expect: [[`scheduler.${field}`, /not supported/]] })),
  { name: 'scheduler with an unknown key', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'wandb', engin: 'x' }, parameters: v1 }, expect: [['scheduler.engin', /not a scheduler key/]] },
  { name: 'scheduler with method custom', input: { method: 'custom', scheduler: { engine: 'wandb' }, parameters: v1 }, expect: [['method', /not supported/]] },
  { name: 'scheduler with early_terminate', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'wandb' }, early_terminate: { type: 'hyperband', min_iter: 3 }, parameters: v1 }, expect: [['early_terminate', /cannot be used together with scheduler/]] },
  { name: 'scheduler with a local controller', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'wandb' }, controller: { type: 'local' }, parameters: v1 }, expect: [['controller.type', /cannot be used together with scheduler/]] },
  { name: 'scheduler with a cloud controller', input: { method: 'bayes', metric: { name: 'l' }, scheduler: { engine: 'wandb' }, controller: { type: 'cloud' }, parameters: v1 }, expect: 'valid' },
];

for (const c of CASES) {
  test(`W&B case: ${c.name} -> ${c.expect === 'valid' ? 'valid' : c.expect.map(([p]) => p || '(document)').join(', ')}`, () => {
    const r = parseSweepConfig(c.input);
    if (c.expect === 'valid') {
      assert.ok(r.ok, `expected valid, got ${JSON.stringify(!r.ok && r.problems)}`);
      assert.deepEqual(r.warnings.map((w) => w.path).sort(), [...(c.warns ?? [])].sort(), JSON.stringify(r.warnings));
      return;
    }
    assert.equal(r.ok, false, 'expected the config to be refused');
    const problems = r.ok ? [] : r.problems;
    for (const [path, gist] of c.expect) {
      assert.ok(problems.some((p) => p.path === path && gist.test(p.message)), `no problem at '${path}' matching ${gist}; got ${JSON.stringify(problems, null, 2)}`);
    }
    assert.equal(problems.length, c.expect.length, `unexpected extra problems: ${JSON.stringify(problems, null, 2)}`);
  });
}

test('a one-entry metrics list is the same objective as metric', () => {
  const viaList = parseSweepConfig({ method: 'bayes', metrics: [{ name: 'acc', goal: 'maximize', target: 0.95 }], parameters: v1 });
  const viaMetric = parseSweepConfig({ method: 'bayes', metric: { name: 'acc', goal: 'maximize', target: 0.95 }, parameters: v1 });
  assert.ok(viaList.ok && viaMetric.ok);
  assert.deepEqual(viaList.config.metric, viaMetric.config.metric);
  assert.deepEqual(viaList.config.metric, { name: 'acc', goal: 'maximize', target: 0.95 });
});
