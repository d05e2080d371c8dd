import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "The sweep config's budget: what the sweep may spend in all (null fields: no limit of that kind)" })
export class SweepBudget {
  @Field(() => Float, { nullable: true, description: 'GPU-hours of all trials together' }) gpuHours!: number | null;
  @Field(() => Float, { nullable: true, description: 'Hours after creation during which it starts trials' }) wallHours!: number | null;
  @Field(() => Int, { nullable: true, description: 'Trials created in all' }) trials!: number | null;
}

@ObjectType({ description: 'What the sweep has spent so far, counting running trials up to now' })
export class SweepSpend {
  @Field(() => Float, { description: 'GPU-hours: each trial’s hours run × the GPUs it held (a share when trials share a GPU)' }) gpuHours!: number;
  @Field(() => Float, { description: 'Hours since the sweep was created (until it finished)' }) wallHours!: number;
  @Field(() => Int, { description: 'Trials created' }) trials!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'GPU-hours expected once the trials in flight end (the budget rule counts these); null without a GPU budget',
  }) projectedGpuHours!: number | null;
}
