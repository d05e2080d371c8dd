import { Ctx, Float, FieldResolver, Resolver, Root } from 'type-graphql';
import { budgetOf, spendOf, trialCost } from '../services/budget.js';
import { SweepBudget, SweepSpend } from './budget-types.js';
import type { ApiContext } from './context.js';
import { Sweep, Trial } from './types.js';

@Resolver(() => Sweep)
export class SweepBudgetResolver {
  @FieldResolver(() => SweepBudget, { nullable: true, description: 'The config’s budget; null when it sets none' })
  budget(@Root() sweep: Sweep): SweepBudget | null {
    const b = budgetOf(sweep.config);
    return b ? { gpuHours: b.gpuHours ?? null, wallHours: b.wallHours ?? null, trials: b.trials ?? null } : null;
  }

  @FieldResolver(() => SweepSpend, { description: 'GPU-hours, hours and trials spent so far (with or without a budget)' })
  spend(@Root() sweep: Sweep, @Ctx() ctx: ApiContext): Promise<SweepSpend> {
    return spendOf(ctx.deps, sweep);
  }
}

@Resolver(() => Trial)
export class TrialCostResolver {
  @FieldResolver(() => Float, { nullable: true, description: 'Seconds it has run (until now while running); null before it starts' })
  wallSeconds(@Root() trial: Trial): number | null {
    return trialCost(trial)?.wallSeconds ?? null;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Hours run × GPUs held; null before it starts' })
  gpuHours(@Root() trial: Trial): number | null {
    return trialCost(trial)?.gpuHours ?? null;
  }
}
