/** A sweep's spend, as GraphQL's Sweep.spend gives it. */
export interface SpendView { gpuHours: number; wallHours: number; trials: number }
/** Sweep.budget: null fields set no limit. */
export interface BudgetView { gpuHours: number | null; wallHours: number | null; trials: number | null }

const n = (x: number): string => String(Number(x.toPrecision(3)));

/** One line for `sweep watch`: what was spent, against the budget where there is one. */
export function spendWords(spend: SpendView, budget: BudgetView | null): string {
  const part = (used: number, limit: number | null | undefined, unit: string): string =>
    limit === null || limit === undefined ? `${n(used)} ${unit}` : `${n(used)} of ${n(limit)} ${unit} (${Math.round((100 * used) / limit)}%)`;
  const parts = [part(spend.gpuHours, budget?.gpuHours, 'GPU-hours'), part(spend.wallHours, budget?.wallHours, 'hours'), part(spend.trials, budget?.trials, 'trials')];
  return `${budget ? 'budget' : 'spent'}: ${parts.join(' · ')}`;
}
