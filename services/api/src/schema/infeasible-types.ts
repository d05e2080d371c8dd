import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum InfeasibleReasonEnum {
  OUT_OF_MEMORY = 'out_of_memory',
  TRAINER = 'trainer',
  CONSTRAINT = 'constraint',
}
registerEnumType(InfeasibleReasonEnum, {
  name: 'InfeasibleReason',
  description: 'Why parameters could not run: OUT_OF_MEMORY (the agent saw the trainer run out of accelerator memory) , TRAINER (it printed `@anneal {"infeasible": true}`) or CONSTRAINT (a metric it reported ended outside a bound of the sweep\'s `constraints`)',
});

@ObjectType({ description: 'Why a trial’s parameters could not run at all; the searcher learns to avoid such regions' })
export class TrialInfeasibility {
  @Field(() => InfeasibleReasonEnum) reason!: InfeasibleReasonEnum;
  @Field({ description: 'The output line that shows it, as it appears in the trial’s log; for CONSTRAINT, which bound and what value' }) evidence!: string;
}
