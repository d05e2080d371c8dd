import { budgetRoom, parseSweepConfig, spentGpuHours, type BudgetConfig } from '@anneal/core';
import { SpendStore } from '@anneal/db';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import type { ApiDeps } from '../deps.js';

// Sweep lists ask for every sweep's budget; a config's text never changes, so its parse is kept.
const parsedBudgets = new Map<string, BudgetConfig | null>();
const CACHE_SIZE = 500;

/** The stored config's budget; configs were validated when created. */
export function budgetOf(configText: string): BudgetConfig | null {
  const hit = parsedBudgets.get(configText);
  if (hit !== undefined) return hit;
  const parsed = parseSweepConfig(configText, { trainers: SWEEP_TRAINERS, stored: true });
  const budget = parsed.ok ? parsed.config.budget ?? null : null;
  if (parsedBudgets.size >= CACHE_SIZE) parsedBudgets.delete(parsedBudgets.keys().next().value!);
  parsedBudgets.set(configText, budget);
  return budget;
}

export interface Spend { gpuHours: number; wallHours: number; trials: number; projectedGpuHours: number | null }

/**
 * A sweep's spend as the scheduler's budget rule sees it. A finished sweep's wall time stops
 * at its end, so the figure does not keep growing on a sweep nobody runs. The sweep was
 * authorized by whoever resolved it.
 */
export async function spendOf(deps: ApiDeps, sweep: { id: string; config: string; createdAt: Date; finishedAt: Date | null }): Promise<Spend> {
  const usage = await new SpendStore(deps.ds).ofSweep(sweep.id);
  const budget = budgetOf(sweep.config);
  const wallHours = sweep.finishedAt ? (sweep.finishedAt.getTime() - sweep.createdAt.getTime()) / 3_600_000 : usage.wallHours;
  return {
    gpuHours: spentGpuHours(usage),
    wallHours,
    trials: usage.trialsCreated,
    projectedGpuHours: budget?.gpuHours !== undefined ? budgetRoom(budget, usage).projectedGpuHours : null,
  };
}

/**
 * One trial's system metrics: seconds run (to now while it runs) and GPU-hours at the share it
 * held. Null before it starts; a trial from an agent that did not report its GPUs counts none.
 */
export function trialCost(t: { startedAt: Date | null; finishedAt: Date | null; gpus: number | null }, now = new Date()): { wallSeconds: number; gpuHours: number } | null {
  if (!t.startedAt) return null;
  const wallSeconds = Math.max(0, ((t.finishedAt ?? now).getTime() - t.startedAt.getTime()) / 1000);
  return { wallSeconds, gpuHours: (t.gpus ?? 0) * wallSeconds / 3600 };
}
