/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSweepConfig } from '../config/parse.js';
import { budgetRoom, finishedCosts, spentGpuHours, type BudgetUsage } from './room.js';

const base = { method: 'random', parameters: { x: { values: [1, 2] } } };
const idle: BudgetUsage = { wallHours: 0, trialsCreated: 0, finished: finishedCosts([]), running: [], queued: 0 };

test('budget: parsed into camelCase fields; absent means no budget', () => {
  const r = parseSweepConfig({ ...base, budget: { gpu_hours: 40, wall_hours: 2.5, trials: 100 } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.deepEqual(r.config.budget, { gpuHours: 40, wallHours: 2.5, trials: 100 });
  const none = parseSweepConfig(base);
  assert.ok(none.ok);
  assert.equal(none.config.budget, undefined);
});

const bad: [string, unknown, string, RegExp][] = [
  ['not a mapping', 40, 'budget', /must be a mapping such as \{gpu_hours/],
  ['empty', {}, 'budget', /names no limit: set at least one of gpu_hours, wall_hours, trials/],
  ['zero GPU-hours', { gpu_hours: 0 }, 'budget.gpu_hours', /greater than 0/],
  ['negative hours', { wall_hours: -1 }, 'budget.wall_hours', /greater than 0/],
  ['fractional trials', { trials: 2.5 }, 'budget.trials', /must be an integer/],
  ['a string', { gpu_hours: '10' }, 'budget.gpu_hours', /must be a number.*'10'/],
  ['a typo', { gpu_hour: 10 }, 'budget.gpu_hour', /not a budget key.*did you mean 'gpu_hours'/],
];
for (const [name, budget, path, gist] of bad) {
  test(`budget refused: ${name}`, () => {
    const r = parseSweepConfig({ ...base, budget });
    assert.equal(r.ok, false);
    const p = !r.ok ? r.problems.find((x) => x.path === path) : undefined;
    assert.ok(p, `a problem at ${path}: ${JSON.stringify(!r.ok && r.problems)}`);
    assert.match(p.message, gist);
  });
}

test('finished costs: count, sums and each median on its own (middle two averaged for an even count)', () => {
  assert.deepEqual(finishedCosts([]), { count: 0, gpuHours: 0, wallHours: 0, medianGpuHours: null, medianWallHours: null });
  const odd = finishedCosts([{ gpuHours: 3, wallHours: 1 }, { gpuHours: 1, wallHours: 5 }, { gpuHours: 2, wallHours: 4 }]);
  assert.deepEqual(odd, { count: 3, gpuHours: 6, wallHours: 10, medianGpuHours: 2, medianWallHours: 4 });
  const even = finishedCosts([{ gpuHours: 4, wallHours: 1 }, { gpuHours: 1, wallHours: 8 }, { gpuHours: 2, wallHours: 2 }, { gpuHours: 9, wallHours: 3 }]);
  assert.deepEqual(even, { count: 4, gpuHours: 16, wallHours: 14, medianGpuHours: 3, medianWallHours: 2.5 });
});

test('no limit set binds: an empty usage has unlimited room', () => {
  assert.equal(budgetRoom({ gpuHours: 10 }, idle).room, Infinity);
  assert.equal(budgetRoom({ wallHours: 10 }, idle).room, Infinity);
  assert.equal(budgetRoom({ trials: 3 }, idle).room, 3);
});

test('trials: the room is what is left, and none once all are created', () => {
  assert.equal(budgetRoom({ trials: 5 }, { ...idle, trialsCreated: 3 }).room, 2);
  const full = budgetRoom({ trials: 5 }, { ...idle, trialsCreated: 5 });
  assert.equal(full.room, 0);
  assert.equal(full.limit, 'trials');
  assert.match(full.reason ?? '', /5 of 5 trials created/);
});

test('GPU-hours: running trials are counted at the expected cost, so no trial starts that would overrun', () => {
  // Finished trials cost 1 GPU-hour each; 3 spent, 4 running at 0.2 so far: 3 + 4 × 1 = 7 projected of 8.
  const usage: BudgetUsage = {
    wallHours: 5, trialsCreated: 7, queued: 0,
    finished: finishedCosts([1, 1, 1].map((g) => ({ gpuHours: g, wallHours: g }))),
    running: [0.2, 0.2, 0.2, 0.2].map((g) => ({ gpuHours: g, wallHours: g })),
  };
  const r = budgetRoom({ gpuHours: 8 }, usage);
  assert.equal(r.projectedGpuHours, 7);
  assert.equal(r.expectedGpuHours, 1);
  assert.equal(r.room, 1);
  const tight = budgetRoom({ gpuHours: 7.5 }, usage);
  assert.equal(tight.room, 0);
  assert.equal(tight.limit, 'gpu_hours');
  assert.match(tight.reason ?? '', /GPU budget reached: 3\.8 of 7\.5 GPU-hours spent and 3\.2 more expected/);
  // A queued trial counts the same as a running one.
  assert.equal(budgetRoom({ gpuHours: 8 }, { ...usage, queued: 1 }).room, 0);
});

test('GPU-hours: a running trial that already costs more than expected counts what it costs', () => {
  const usage: BudgetUsage = { ...idle, finished: finishedCosts([{ gpuHours: 1, wallHours: 1 }]), running: [{ gpuHours: 4, wallHours: 4 }] };
  assert.equal(budgetRoom({ gpuHours: 6 }, usage).projectedGpuHours, 5);
  assert.equal(budgetRoom({ gpuHours: 6 }, usage).room, 1);
});

test('GPU-hours: before any trial finished only actual spend counts; once spent, no room', () => {
  const running = [{ gpuHours: 3, wallHours: 3 }];
  assert.equal(budgetRoom({ gpuHours: 4 }, { ...idle, running }).room, Infinity);
  const over = budgetRoom({ gpuHours: 4 }, { ...idle, running: [{ gpuHours: 4.2, wallHours: 4.2 }] });
  assert.equal(over.room, 0);
  assert.match(over.reason ?? '', /4\.2 of 4 GPU-hours spent$/);
});

test('GPU-hours: trials on CPU agents cost nothing and never use the GPU budget up', () => {
  const usage: BudgetUsage = { ...idle, finished: finishedCosts([{ gpuHours: 0, wallHours: 2 }]), running: [{ gpuHours: 0, wallHours: 1 }] };
  assert.equal(budgetRoom({ gpuHours: 1 }, usage).room, Infinity);
});

test('wall hours: no trial starts that is expected to end past the limit', () => {
  const finished = finishedCosts([{ gpuHours: 0, wallHours: 2 }]);
  assert.equal(budgetRoom({ wallHours: 10 }, { ...idle, wallHours: 7, finished }).room, Infinity);
  const late = budgetRoom({ wallHours: 10 }, { ...idle, wallHours: 8.5, finished });
  assert.equal(late.room, 0);
  assert.equal(late.limit, 'wall_hours');
  assert.match(late.reason ?? '', /would end past the 10-hour limit/);
  const gone = budgetRoom({ wallHours: 10 }, { ...idle, wallHours: 10 });
  assert.match(gone.reason ?? '', /10 of 10 hours gone/);
});

test('property: the room never lets projected spend pass the GPU budget once costs are known', () => {
  const cost = fc.double({ min: 0.01, max: 5, noNaN: true });
  fc.assert(fc.property(
    fc.array(cost, { minLength: 1, maxLength: 20 }), fc.array(cost, { maxLength: 8 }), fc.nat(5), fc.double({ min: 0.1, max: 100, noNaN: true }),
    (fin, run, queued, gpuBudget) => {
      const usage: BudgetUsage = {
        wallHours: 1, trialsCreated: fin.length + run.length + queued, queued,
        finished: finishedCosts(fin.map((g) => ({ gpuHours: g, wallHours: g }))), running: run.map((g) => ({ gpuHours: g, wallHours: g })),
      };
      const r = budgetRoom({ gpuHours: gpuBudget }, usage);
      assert.ok(r.room >= 0 && Number.isInteger(r.room));
      assert.ok(r.projectedGpuHours >= spentGpuHours(usage) - 1e-9);
      assert.ok(r.projectedGpuHours + r.room * (r.expectedGpuHours ?? 0) <= gpuBudget + 1e-9 || r.room === 0);
      if (r.room === 0) assert.ok(r.projectedGpuHours + (r.expectedGpuHours ?? 0) > gpuBudget - 1e-9);
    },
  ));
});
