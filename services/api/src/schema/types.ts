import type { TrialInfeasibility } from '@anneal/db';
import { SWEEP_STATUSES, TRIAL_STATUSES } from '@anneal/db';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum SweepStatusEnum { PENDING = 'PENDING', RUNNING = 'RUNNING', PAUSED = 'PAUSED', COMPLETED = 'COMPLETED', STOPPED = 'STOPPED', FAILED = 'FAILED' }
export enum TrialStatusEnum { QUEUED = 'QUEUED', RUNNING = 'RUNNING', COMPLETED = 'COMPLETED', PRUNED = 'PRUNED', STOPPED = 'STOPPED', FAILED = 'FAILED' }
export enum TrialOrderEnum { OBJECTIVE = 'OBJECTIVE', NUMBER = 'NUMBER', PARETO = 'PARETO' }
registerEnumType(SweepStatusEnum, { name: 'SweepStatus' });
registerEnumType(TrialStatusEnum, {
  name: 'TrialStatus',
  valuesConfig: {
    PRUNED: { description: 'Ended by the searcher: early stopping or PBT (the decision is in Sweep.decisions)' },
    STOPPED: { description: 'Ended because a person stopped its sweep' },
  },
});
registerEnumType(TrialOrderEnum, { name: 'TrialOrder', description: 'OBJECTIVE: best first for the metric goal (with several objectives: the first); NUMBER: creation order; '
    + 'PARETO: with several objectives, completed trials by Pareto rank and then crowding distance, then the rest by number (with one objective the same as OBJECTIVE)',
});

// The GraphQL enums must list exactly the statuses the database allows.
const same = (a: readonly string[], b: object) => a.length === Object.keys(b).length && a.every((s) => s in b);
if (!same(SWEEP_STATUSES, SweepStatusEnum) || !same(TRIAL_STATUSES, TrialStatusEnum)) {
  throw new Error('GraphQL status enums are out of sync with @anneal/db');
}

@ObjectType()
export class Project {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() createdAt!: Date;
  organizationId!: string;
}

@ObjectType({ description: 'A search over hyperparameters: its config, its trials, its best trial' })
export class Sweep {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() name!: string;
  @Field(() => SweepStatusEnum) status!: SweepStatusEnum;
  @Field() method!: string;
  @Field({ description: 'The sweep config exactly as submitted (YAML or JSON)' }) config!: string;
  @Field(() => String, { nullable: true }) metricName!: string | null;
  @Field(() => String, { nullable: true, description: 'minimize or maximize' }) metricGoal!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'Why the sweep ended as it did: for FAILED (every trial failed, none completed or was pruned) the last distinct trial errors; for STOPPED who stopped it',
  }) statusReason!: string | null;
  @Field(() => Int, { description: 'Trials queued or running at once (updateSweep changes it while the sweep runs)' }) maxConcurrent!: number;
  @Field(() => Int, { nullable: true, description: 'The most trials the sweep creates, null for no cap (updateSweep changes it while the sweep runs)' })
  runCap!: number | null;
  @Field({ description: 'What members wrote about it' }) notes!: string;
  @Field(() => [String]) tags!: string[];
  organizationId!: string;
}

@InputType({ description: 'What may change while a sweep runs; absent fields stay as they are' })
export class UpdateSweepInput {
  @Field(() => Int, { nullable: true, description: 'At least the number of trials created so far' }) runCap?: number;
  @Field(() => Int, { nullable: true, description: '1 to 1,000' }) maxConcurrent?: number;
}

@ObjectType()
export class TrialCounts {
  @Field(() => Int) queued!: number;
  @Field(() => Int) running!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int, { description: 'Ended by the searcher (early stopping, PBT)' }) pruned!: number;
  @Field(() => Int, { description: 'Ended because a person stopped the sweep' }) stopped!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) total!: number;
  @Field(() => Int, { description: 'Trials whose parameters could not run (out of memory, or the trainer said so); also counted by status' })
  infeasible!: number;
}

@ObjectType()
export class Trial {
  @Field(() => ID) id!: string;
  @Field(() => ID) sweepId!: string;
  @Field(() => Int) number!: number;
  @Field(() => TrialStatusEnum) status!: TrialStatusEnum;
  @Field(() => GraphQLJSONObject, { description: 'Parameter values by (dotted) name' }) params!: Record<string, unknown>;
  @Field(() => Float, { nullable: true, description: "Last reported value of the sweep's metric" }) objective!: number | null;
  @Field(() => Int, { description: 'Delivery attempt of the agent running it (0 before it starts)' }) attempt!: number;
  @Field(() => String, { nullable: true }) agentId!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, { nullable: true, description: 'Last lines of output, kept when the trial ends' }) logTail!: string | null;
  @Field(() => ID, { nullable: true }) parentTrialId!: string | null;
  @Field(() => Int, { nullable: true }) restoreStep!: number | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'GPUs it held while running (a share when trials share a GPU); null before it starts' })
  gpus!: number | null;
  @Field({ description: 'What members wrote about it' }) notes!: string;
  @Field(() => [String]) tags!: string[];
  organizationId!: string;
  /** Stored as the agent reported it; exposed by TrialInfeasibleResolver. */
  infeasible?: TrialInfeasibility | null;
}

@InputType({ description: 'Replaces what is given; absent fields stay as they are' })
export class AnnotationInput {
  @Field({ nullable: true, description: 'At most 10,000 characters' }) notes?: string;
  @Field(() => [String], { nullable: true, description: 'At most 20, each up to 40 letters, digits or . _ : / + -' }) tags?: string[];
}

@ObjectType()
export class MetricPoint {
  @Field(() => Int) step!: number;
  @Field(() => Float) value!: number;
}

@ObjectType({ description: 'A reported series without its points: what there is to read' })
export class MetricKey {
  @Field() key!: string;
  @Field(() => Int, { description: 'Points stored' }) points!: number;
}

@ObjectType()
export class MetricSeries {
  @Field() key!: string;
  /** Exposed through MetricSeriesResolver.points(maxPoints:), which downsamples. */
  points!: MetricPoint[];
}

@ObjectType()
export class TrialMetricsEvent {
  @Field(() => ID) trialId!: string;
  @Field(() => [MetricSeries]) series!: MetricSeries[];
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class TrialEdge {
  @Field() cursor!: string;
  @Field(() => Trial) node!: Trial;
}

@ObjectType()
export class TrialConnection {
  @Field(() => [TrialEdge]) edges!: TrialEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class Gpu {
  @Field(() => Int) index!: number;
  @Field() name!: string;
  @Field(() => Float, { nullable: true }) memoryMiB!: number | null;
  @Field(() => Float, { nullable: true, description: 'Percent busy at the latest reading while a trial runs on it; null when idle' }) utilization!: number | null;
  @Field(() => Float, { nullable: true, description: 'MiB in use at the latest reading while a trial runs on it; null when idle' }) memoryUsedMiB!: number | null;
}

@ObjectType()
export class Agent {
  @Field(() => ID) id!: string;
  @Field() host!: string;
  @Field() pool!: string;
  @Field(() => Int) slots!: number;
  @Field(() => [Gpu]) gpus!: Gpu[];
  @Field(() => [ID]) runningTrialIds!: string[];
  @Field() version!: string;
  @Field() startedAt!: Date;
  @Field() lastHeartbeatAt!: Date;
}

@ObjectType({ description: 'What an agent needs to connect; agents ask for it at start' })
export class AgentConfig {
  @Field() natsUrl!: string;
  @Field() namespace!: string;
  @Field(() => ID) organizationId!: string;
  @Field(() => [String], { description: 'Pools this agent token may take work from' }) pools!: string[];
  @Field({ description: 'Ed25519 public key (base64url) that every assignment signature must verify against' }) assignmentPublicKey!: string;
  @Field(() => String, { nullable: true, description: 'NATS user JWT for the natsUserKey you sent; sign the connect nonce with its seed' }) natsJwt!: string | null;
  @Field(() => Date, { nullable: true, description: 'When natsJwt expires; ask again before then' }) natsJwtExpiresAt!: Date | null;
}

@InputType()
export class CreateProjectInput {
  @Field() name!: string;
  @Field(() => ID, { nullable: true, description: 'Needed only when you belong to several organizations' }) organizationId?: string;
}

@ObjectType({ description: "A parameter's share of the objective's variance over the completed trials (fANOVA main effect)" })
export class ParameterImportance {
  @Field() name!: string;
  @Field(() => Float, { description: '0 to 1; shares sum to at most 1 (interactions are not attributed)' }) importance!: number;
}

@ObjectType({ description: 'A problem in a sweep config, at its path (e.g. parameters.lr.min)' })
export class ConfigProblem {
  @Field() path!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'What createSweep would say about a config' })
export class ConfigCheck {
  @Field() ok!: boolean;
  @Field(() => [ConfigProblem]) problems!: ConfigProblem[];
  @Field(() => [ConfigProblem]) warnings!: ConfigProblem[];
  @Field(() => String, { nullable: true }) method!: string | null;
}

@InputType()
export class CreateSweepInput {
  @Field(() => ID) projectId!: string;
  @Field({ description: 'The sweep config as YAML or JSON text (W&B sweep vocabulary)' }) config!: string;
  @Field({ nullable: true, description: "Defaults to the config's `name`, else a generated one" }) name?: string;
}

@ObjectType({ description: 'Something that happened to a trial: created, started, finished, a searcher decision with its evidence, ...' })
export class TrialEventView {
  @Field(() => ID) id!: string;
  @Field(() => ID) trialId!: string;
  @Field(() => Int) trialNumber!: number;
  @Field({ description: 'created, started, finished, decision, cancelled, lost' }) type!: string;
  @Field(() => GraphQLJSONObject, { description: 'Details; for decisions: {decision, evidence: {rule, step, threshold, cohort, values...}}' }) data!: Record<string, unknown>;
  @Field() createdAt!: Date;
}
