import type { BudgetConfig } from '../config/budget.js';

/** What one trial has cost so far (or in all, once it ended). */
export interface TrialCost {
  gpuHours: number;
  wallHours: number;
}

/**
 * What the trials that started and ended cost, summed up: all the budget rule reads of them, so
 * a sweep of 10,000 trials is read as one row (the database aggregates) rather than 10,000.
 */
export interface FinishedCosts {
  count: number;
  /** Sums over the finished trials. */
  gpuHours: number;
  wallHours: number;
  /** Medians over the finished trials, each on its own (the mean of the middle two for an even count); null when none finished. */
  medianGpuHours: number | null;
  medianWallHours: number | null;
}

/** A sweep's spending, as the scheduler reads it from its trials. */
export interface BudgetUsage {
  /** Hours since the sweep was created. */
  wallHours: number;
  /** Trials created so far, whatever became of them. */
  trialsCreated: number;
  /** Trials that started and ended, summed up. */
  finished: FinishedCosts;
  /** Trials running now: their cost so far. */
  running: readonly TrialCost[];
  /** Trials created but not yet started. */
  queued: number;
}

export type BudgetLimit = 'gpu_hours' | 'wall_hours' | 'trials';

export interface BudgetRoom {
  /** Trials the sweep may create now; Infinity when no limit binds. */
  room: number;
  /** The limit that leaves no room (room 0), for the sweep's end reason. */
  limit?: BudgetLimit;
  /** In words: what was spent against which limit (room 0 only). */
  reason?: string;
  /** The spend the decision used: GPU-hours including running trials' expected remainder. */
  projectedGpuHours: number;
  /** GPU-hours a trial is expected to cost (median of finished ones); undefined before any finished. */
  expectedGpuHours?: number;
}

/** The summary `BudgetUsage.finished` holds, of trials known one by one (the database computes the same in SQL). */
export function finishedCosts(trials: readonly TrialCost[]): FinishedCosts {
  return {
    count: trials.length,
    gpuHours: sum(trials.map((t) => t.gpuHours)),
    wallHours: sum(trials.map((t) => t.wallHours)),
    medianGpuHours: median(trials.map((t) => t.gpuHours)) ?? null,
    medianWallHours: median(trials.map((t) => t.wallHours)) ?? null,
  };
}

/** Actual GPU-hours so far: finished trials in full, running ones up to now. */
export function spentGpuHours(usage: Pick<BudgetUsage, 'finished' | 'running'>): number {
  return usage.finished.gpuHours + sum(usage.running.map((t) => t.gpuHours));
}

/**
 * How many trials the budget lets the sweep start now. A new trial is expected to cost what
 * finished trials cost (their median, so early-stopped trials pull it down as they do in
 * practice). Running trials are counted at the larger of what they have used and that
 * expectation, queued ones at the expectation: starting a trial is refused once the budget
 * would be exceeded by the time everything in flight ends, not only once it already is.
 * Before any trial has finished there is no expectation, so only actual spend is counted.
 */
export function budgetRoom(budget: BudgetConfig, usage: BudgetUsage): BudgetRoom {
  const expectedGpu = usage.finished.medianGpuHours ?? undefined;
  const expectedWall = usage.finished.medianWallHours ?? undefined;
  const projectedGpuHours = usage.finished.gpuHours
    + sum(usage.running.map((t) => Math.max(t.gpuHours, expectedGpu ?? 0)))
    + usage.queued * (expectedGpu ?? 0);
  const base = { projectedGpuHours, ...(expectedGpu !== undefined ? { expectedGpuHours: expectedGpu } : {}) };
  const limits: { limit: BudgetLimit; room: number; reason: string }[] = [];

  if (budget.trials !== undefined) {
    limits.push({ limit: 'trials', room: Math.max(0, budget.trials - usage.trialsCreated), reason: `trial budget reached: ${usage.trialsCreated} of ${budget.trials} trials created` });
  }
  if (budget.gpuHours !== undefined) {
    const left = budget.gpuHours - projectedGpuHours;
    // A trial that costs nothing (no GPU) never uses the GPU budget up.
    const room = left <= 0 ? 0 : expectedGpu === undefined || expectedGpu <= 0 ? Infinity : Math.floor(left / expectedGpu);
    const spent = spentGpuHours(usage);
    const how = spent >= budget.gpuHours
      ? `${num(spent)} of ${num(budget.gpuHours)} GPU-hours spent`
      : `${num(spent)} of ${num(budget.gpuHours)} GPU-hours spent and ${num(projectedGpuHours - spent)} more expected from trials in flight leave no room for another trial of about ${num(expectedGpu ?? 0)}`;
    limits.push({ limit: 'gpu_hours', room, reason: `GPU budget reached: ${how}` });
  }
  if (budget.wallHours !== undefined) {
    const over = usage.wallHours >= budget.wallHours;
    const wouldOverrun = expectedWall !== undefined && usage.wallHours + expectedWall > budget.wallHours;
    const how = over
      ? `${num(usage.wallHours)} of ${num(budget.wallHours)} hours gone since the sweep was created`
      : `a new trial (about ${num(expectedWall ?? 0)} hours) would end past the ${num(budget.wallHours)}-hour limit (${num(usage.wallHours)} hours gone)`;
    limits.push({ limit: 'wall_hours', room: over || wouldOverrun ? 0 : Infinity, reason: `time budget reached: ${how}` });
  }
  const binding = limits.filter((l) => l.room === 0)[0];
  if (binding) return { ...base, room: 0, limit: binding.limit, reason: binding.reason };
  return { ...base, room: Math.min(Infinity, ...limits.map((l) => l.room)) };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/** Three significant digits: enough to compare spend with a budget in a status line. */
function num(x: number): string {
  return String(Number(x.toPrecision(3)));
}
