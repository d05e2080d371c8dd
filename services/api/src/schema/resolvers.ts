import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorizeAgent, authorizeUser, readableOrganizations } from '../auth/policy.js';
import { agentConfig } from '../services/agent-config.js';
import { listAgents } from '../services/agents.js';
import { createProject, getProject, listProjects } from '../services/projects.js';
import { stopTrial } from '../services/stop-trial.js';
import { updateSweep } from '../services/update-sweep.js';
import { annotateSweep, annotateTrial } from '../services/annotate.js';
import { validateSweepConfig } from '../services/validate-sweep.js';
import { importanceOf } from '../services/importance.js';
import { changeSweepStatus, createSweep, getSweep } from '../services/sweeps.js';
import { encodeCursor, getTrial, listDecisions, listTrials, trialLogTail } from '../services/trials.js';
import { objectivesOf } from '../services/pareto.js';
import { largestMaxPoints, metricKeysOf, pointsOf } from '../services/metric-reads.js';
import { DEFAULT_MAX_POINTS, MAX_MAX_POINTS, POINTS_PER_COST_UNIT, SERIES_ESTIMATE_WITHOUT_KEYS } from '../limits.js';
import type { Role } from '@anneal/db';
import type { ApiContext } from './context.js';
import { RoleEnum } from './team-types.js';
import {
  Agent, AgentConfig, AnnotationInput, ConfigCheck, CreateProjectInput, ParameterImportance, CreateSweepInput, MetricKey, MetricPoint, MetricSeries, Project, Sweep, Trial, TrialConnection,
  TrialCounts, TrialEventView, TrialOrderEnum, UpdateSweepInput,
} from './types.js';

const asSweep = (r: Awaited<ReturnType<typeof getSweep>>): Sweep => Object.assign(new Sweep(), { ...r, config: r.configText });

@Resolver()
export class QueryResolver {
  @Query(() => String, { description: 'Always "ok"; the only field that needs no API key' })
  health(): string {
    return 'ok';
  }

  @Query(() => [Project])
  async projects(@Ctx() ctx: ApiContext): Promise<Project[]> {
    return listProjects(ctx.deps, ctx.viewer);
  }

  @Query(() => Project)
  async project(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Project> {
    return getProject(ctx.deps, ctx.viewer, id);
  }

  @Query(() => Sweep)
  async sweep(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await getSweep(ctx.deps, ctx.viewer, id));
  }

  @Query(() => Trial)
  async trial(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Trial> {
    return getTrial(ctx.deps, ctx.viewer, id) as Promise<Trial>;
  }

  @Query(() => ConfigCheck, { description: 'Checks a sweep config as createSweep would, creating nothing (for editors)' })
  validateSweepConfig(@Arg('config') config: string, @Ctx() ctx: ApiContext): ConfigCheck {
    return validateSweepConfig(ctx.viewer, config);
  }

  @Query(() => [Agent], { description: 'Agents of your organizations that sent a heartbeat recently' })
  async agents(@Ctx() ctx: ApiContext): Promise<Agent[]> {
    const viewer = authorizeUser(ctx.viewer, 'agents');
    return (await listAgents(ctx.deps, readableOrganizations(viewer))).map((a) => Object.assign(new Agent(), a));
  }

  @Query(() => AgentConfig, { description: 'Connection details for `anneal agent` (agent tokens only); with natsUserKey, NATS credentials for that key' })
  async agentConfig(
    @Ctx() ctx: ApiContext,
    @Arg('natsUserKey', () => String, { nullable: true, description: "The agent's own nkey user public key (U…); its seed stays with the agent" }) natsUserKey: string | null,
  ): Promise<AgentConfig> {
    return agentConfig(ctx.deps, authorizeAgent(ctx.viewer, 'agentConfig'), natsUserKey ?? null);
  }
}

@Resolver()
export class MutationResolver {
  @Mutation(() => Project)
  async createProject(@Arg('input', () => CreateProjectInput) input: CreateProjectInput, @Ctx() ctx: ApiContext): Promise<Project> {
    return createProject(ctx.deps, ctx.viewer, { ...input });
  }

  @Mutation(() => Sweep, { description: 'Validates the config (every problem is listed with its path) and starts the sweep' })
  async createSweep(@Arg('input', () => CreateSweepInput) input: CreateSweepInput, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await createSweep(ctx.deps, ctx.viewer, { ...input }));
  }

  @Mutation(() => Sweep)
  async stopSweep(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await changeSweepStatus(ctx.deps, ctx.viewer, id, 'stop'));
  }

  @Mutation(() => Trial, { description: 'Stops one queued or running trial; the sweep goes on. It ends STOPPED (not PRUNED, which early stopping gives)' })
  async stopTrial(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Trial> {
    return stopTrial(ctx.deps, ctx.viewer, id) as Promise<Trial>;
  }

  @Mutation(() => Sweep, { description: 'Changes run_cap and max_concurrent of a sweep that has not ended' })
  async updateSweep(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateSweepInput) input: UpdateSweepInput, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await updateSweep(ctx.deps, ctx.viewer, id, { ...input }));
  }

  @Mutation(() => Sweep, { description: 'Notes and tags on a sweep (members)' })
  async annotateSweep(@Arg('id', () => ID) id: string, @Arg('input', () => AnnotationInput) input: AnnotationInput, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await annotateSweep(ctx.deps, ctx.viewer, id, { ...input }));
  }

  @Mutation(() => Trial, { description: 'Notes and tags on a trial (members)' })
  async annotateTrial(@Arg('id', () => ID) id: string, @Arg('input', () => AnnotationInput) input: AnnotationInput, @Ctx() ctx: ApiContext): Promise<Trial> {
    return annotateTrial(ctx.deps, ctx.viewer, id, { ...input }) as Promise<Trial>;
  }

  @Mutation(() => Sweep)
  async pauseSweep(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await changeSweepStatus(ctx.deps, ctx.viewer, id, 'pause'));
  }

  @Mutation(() => Sweep)
  async resumeSweep(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await changeSweepStatus(ctx.deps, ctx.viewer, id, 'resume'));
  }
}

@Resolver(() => Project)
export class ProjectResolver {
  @FieldResolver(() => [Sweep])
  async sweeps(@Root() project: Project, @Ctx() ctx: ApiContext): Promise<Sweep[]> {
    return (await ctx.loaders.sweepsByProject.load(project.id)).map(asSweep);
  }

  @FieldResolver(() => RoleEnum, { description: "Your role in the project's organization, so clients show only the actions you may take" })
  viewerRole(@Root() project: Project, @Ctx() ctx: ApiContext): Role {
    // Reading the project already required a role there; the API still checks each action.
    return ctx.viewer?.kind === 'user' ? (ctx.viewer.roles.get(project.organizationId) ?? 'viewer') : 'viewer';
  }
}

@Resolver(() => Sweep)
export class SweepResolver {
  @FieldResolver(() => Project)
  project(@Root() sweep: Sweep, @Ctx() ctx: ApiContext): Promise<Project> {
    return getProject(ctx.deps, ctx.viewer, sweep.projectId);
  }

  @FieldResolver(() => [ParameterImportance], { description: 'How much each parameter matters, most first; empty under 4 completed trials' })
  parameterImportance(@Root() sweep: Sweep, @Ctx() ctx: ApiContext): Promise<ParameterImportance[]> {
    return importanceOf(ctx.deps, { id: sweep.id, configText: sweep.config });
  }

  @FieldResolver(() => TrialCounts)
  trialCounts(@Root() sweep: Sweep, @Ctx() ctx: ApiContext): Promise<TrialCounts> {
    return ctx.loaders.trialCounts.load(sweep.id);
  }

  @FieldResolver(() => Trial, { nullable: true, description: 'Best objective for the metric goal' })
  bestTrial(@Root() sweep: Sweep, @Ctx() ctx: ApiContext): Promise<Trial | null> {
    return ctx.loaders.bestTrial.load(sweep.id) as Promise<Trial | null>;
  }

  @FieldResolver(() => [TrialEventView], { description: 'Early-stopping and PBT decisions with their evidence, newest first' })
  decisions(
    @Root() sweep: Sweep,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ): Promise<TrialEventView[]> {
    return listDecisions(ctx.deps, sweep.id, first);
  }

  // Cost grows with the page size, so a query cannot ask for 1000 trials' full metrics at once.
  @FieldResolver(() => TrialConnection, { complexity: ({ args, childComplexity }) => 1 + childComplexity * Number(args.first ?? 50) })
  async trials(
    @Root() sweep: Sweep,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('orderBy', () => TrialOrderEnum, { defaultValue: TrialOrderEnum.NUMBER }) orderBy: TrialOrderEnum,
  ): Promise<TrialConnection> {
    const goal = sweep.metricGoal === 'maximize' || sweep.metricGoal === 'minimize' ? sweep.metricGoal : null;
    const pareto = objectivesOf(sweep.config)
      ? async () => (await ctx.loaders.paretoRanked.load(`${sweep.id}\u0000${sweep.config}`)).map((r) => r.trial)
      : null;
    const page = await listTrials(ctx.deps, sweep.id, goal, { first, after, orderBy, paretoRanked: pareto });
    const edges = page.rows.map((row, i) => ({ cursor: encodeCursor(page.offset + i), node: row as Trial }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }
}

@Resolver(() => Trial)
export class TrialResolver {
  @FieldResolver(() => Sweep)
  async sweep(@Root() trial: Trial, @Ctx() ctx: ApiContext): Promise<Sweep> {
    return asSweep(await getSweep(ctx.deps, ctx.viewer, trial.sweepId));
  }

  @FieldResolver(() => [MetricKey], { description: 'Every reported series with its point count, by key (cheap: no points are read); pick keys for metrics(keys:) from it' })
  async metricKeys(@Root() trial: Trial, @Ctx() ctx: ApiContext): Promise<MetricKey[]> {
    return metricKeysOf(ctx.deps, trial.id);
  }

  @FieldResolver(() => [TrialEventView], { description: 'Lifecycle and searcher decisions, oldest first' })
  events(@Root() trial: Trial, @Ctx() ctx: ApiContext): Promise<TrialEventView[]> {
    return ctx.loaders.trialEvents.load(trial.id);
  }

  @FieldResolver(() => [String], { description: "The trial's output lines (not metric reports), oldest first; `last` keeps the tail" })
  async logs(
    @Root() trial: Trial,
    @Ctx() ctx: ApiContext,
    @Arg('last', () => Int, { defaultValue: 200 }) last: number,
  ): Promise<string[]> {
    const lines = await trialLogTail(ctx.deps, trial.id, last);
    ctx.budget.chargeBytes(lines.reduce((n, l) => n + l.length + 3, 0));
    return lines;
  }

  @FieldResolver(() => [MetricSeries], {
    description: `Reported series, all or only the given keys. Without keys the cost assumes ${SERIES_ESTIMATE_WITHOUT_KEYS} series; a request reading more series or points than the API allows is refused (QUERY_TOO_COSTLY) before anything is read`,
    // Series × points: each series costs what its fields cost (points weighs its maxPoints).
    complexity: ({ args, childComplexity }) =>
      10 + (Array.isArray(args.keys) ? args.keys.length : SERIES_ESTIMATE_WITHOUT_KEYS) * childComplexity,
  })
  async metrics(
    @Root() trial: Trial,
    @Ctx() ctx: ApiContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('keys', () => [String], { nullable: true }) keys: string[] | null,
  ): Promise<MetricSeries[]> {
    const maxPoints = largestMaxPoints(info);
    const series = await ctx.loaders.metrics.load(`${trial.id}\u0000${JSON.stringify(keys ? [...keys].sort() : null)}\u0000${maxPoints}`);
    ctx.budget.chargeSeries(series.length);
    return series;
  }
}

@Resolver(() => MetricSeries)
export class MetricSeriesResolver {
  @FieldResolver(() => [MetricPoint], {
    description: `In step order; a longer series is downsampled on the server to at most maxPoints (default ${DEFAULT_MAX_POINTS}, at most ${MAX_MAX_POINTS}): per bucket of steps its lowest and highest value, and always the first and last point, so spikes and the extremes survive`,
    complexity: ({ args, childComplexity }) =>
      1 + Math.ceil((Number(args.maxPoints ?? DEFAULT_MAX_POINTS) * Math.max(1, childComplexity)) / POINTS_PER_COST_UNIT),
  })
  points(
    @Root() series: MetricSeries,
    @Ctx() ctx: ApiContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('maxPoints', () => Int, { defaultValue: DEFAULT_MAX_POINTS }) maxPoints: number,
  ): MetricPoint[] {
    // A subscription keeps one context for all its events (each a small batch): a per-request budget would run out.
    return pointsOf(info.operation.operation === 'subscription' ? undefined : ctx.budget, series, maxPoints);
  }
}
