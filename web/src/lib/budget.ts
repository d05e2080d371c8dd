// What a sweep spent, against its budget where it has one, as the sweep page shows it.

export interface SpendFigures { gpuHours: number; wallHours: number; trials: number; projectedGpuHours?: number | null }
export interface BudgetFigures { gpuHours?: number | null; wallHours?: number | null; trials?: number | null }

export interface BudgetMeter {
  label: string;
  used: number;
  limit: number;
  /** "3.2 of 10 GPU-hours (32%)", plus what is expected from trials in flight when it says more. */
  text: string;
}

const n = (x: number): string => String(Number(x.toPrecision(3)));
const pct = (used: number, limit: number): string => `${Math.round((100 * used) / limit)}%`;

/** Wall time in the unit a person reads: "42 s", "12 min", "3.5 h". */
export function formatHours(h: number): string {
  if (h < 1 / 60) return `${Math.round(h * 3600)} s`;
  if (h < 1) return `${Math.round(h * 60)} min`;
  return `${n(h)} h`;
}

/** One meter per limit the budget sets, in a fixed order. */
export function budgetMeters(spend: SpendFigures, budget: BudgetFigures | null | undefined): BudgetMeter[] {
  if (!budget) return [];
  const out: BudgetMeter[] = [];
  if (budget.gpuHours != null) {
    const projected = spend.projectedGpuHours;
    const more = projected != null && projected > spend.gpuHours + 1e-9 ? `; ${n(projected)} expected once running trials end` : '';
    out.push({ label: 'GPU-hours', used: spend.gpuHours, limit: budget.gpuHours, text: `${n(spend.gpuHours)} of ${n(budget.gpuHours)} GPU-hours (${pct(spend.gpuHours, budget.gpuHours)})${more}` });
  }
  if (budget.wallHours != null) {
    out.push({ label: 'Time', used: spend.wallHours, limit: budget.wallHours, text: `${formatHours(spend.wallHours)} of ${formatHours(budget.wallHours)} (${pct(spend.wallHours, budget.wallHours)})` });
  }
  if (budget.trials != null) {
    out.push({ label: 'Trials', used: spend.trials, limit: budget.trials, text: `${spend.trials} of ${budget.trials} trials (${pct(spend.trials, budget.trials)})` });
  }
  return out;
}

/** The spend line of a sweep without a budget. */
export function spendText(spend: SpendFigures): string {
  return `${n(spend.gpuHours)} GPU-hours · ${formatHours(spend.wallHours)}`;
}
