import type { TrialInfeasibility as StoredInfeasibility } from '@anneal/db';
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { InfeasibleReasonEnum, TrialInfeasibility } from './infeasible-types.js';
import { Trial } from './types.js';

const REASONS: Record<StoredInfeasibility['reason'], InfeasibleReasonEnum> = {
  out_of_memory: InfeasibleReasonEnum.OUT_OF_MEMORY,
  trainer: InfeasibleReasonEnum.TRAINER,
  constraint: InfeasibleReasonEnum.CONSTRAINT,
};

@Resolver(() => Trial)
export class TrialInfeasibleResolver {
  @FieldResolver(() => TrialInfeasibility, { nullable: true, description: 'Why its parameters could not run at all (out of memory, the trainer said so, or a metric broke a constraint); null otherwise' })
  infeasible(@Root() trial: Trial): TrialInfeasibility | null {
    const i = trial.infeasible;
    return i ? { reason: REASONS[i.reason], evidence: i.evidence } : null;
  }
}
