import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { ApiError } from '../errors.js';
import { objectivesOf, trialObjectiveValues } from '../services/pareto.js';
import { MAX_PAGE } from '../services/trials.js';
import type { ApiContext } from './context.js';
import { Objective } from './objective-types.js';
import { Sweep, Trial } from './types.js';

@Resolver(() => Sweep)
export class SweepObjectivesResolver {
  @FieldResolver(() => [Objective], { nullable: true, description: 'The objectives of a multi-objective sweep in config order; null with a single metric' })
  objectives(@Root() sweep: Sweep): Objective[] | null {
    return objectivesOf(sweep.config)?.map((o) => ({ name: o.name, goal: o.goal })) ?? null;
  }

  @FieldResolver(() => [Trial], {
    description: 'Completed trials no other completed trial beats on every objective, extremes first (crowding distance); '
      + 'trials that broke a metric constraint (Trial.infeasible) are never on it; empty with a single metric. '
      + 'Trial.objectives holds their values. At most `first`.',
    complexity: ({ args, childComplexity }) => 1 + childComplexity * Number(args.first ?? 100),
  })
  async paretoFront(
    @Root() sweep: Sweep,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ): Promise<Trial[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw new ApiError('BAD_USER_INPUT', `paretoFront(first:) must be an integer from 1 to ${MAX_PAGE}, got ${first}`, [{ path: 'first', message: `1 to ${MAX_PAGE}` }]);
    }
    if (!objectivesOf(sweep.config)) return [];
    const ranked = await ctx.loaders.paretoRanked.load(`${sweep.id}\u0000${sweep.config}`);
    return ranked.filter((r) => r.rank === 0).slice(0, first).map((r) => r.trial as Trial);
  }
}

@Resolver(() => Trial)
export class TrialObjectivesResolver {
  @FieldResolver(() => [Float], {
    nullable: 'itemsAndList',
    description: "Its value of each of the sweep's objectives, in config order (null where it has none yet: gpu_hours and wall_seconds are "
      + 'measured unless the program reports them); null for a single-objective sweep (see objective)',
  })
  async objectives(@Root() trial: Trial, @Ctx() ctx: ApiContext): Promise<(number | null)[] | null> {
    const config = await ctx.loaders.sweepConfig.load(trial.sweepId);
    const objectives = config === null ? null : objectivesOf(config);
    if (!objectives) return null;
    const keys = [...new Set(objectives.map((o) => o.name))].sort();
    const reported = await ctx.loaders.latest.load(`${trial.id}\u0000${JSON.stringify(keys)}`);
    return trialObjectiveValues(objectives, trial, reported);
  }
}
