import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { MetricStore } from '@anneal/db';
import { ApiError } from '../errors.js';
import type { ApiContext } from './context.js';
import { LatestValue } from './latest-types.js';
import { Sweep, Trial } from './types.js';

/** Columns a leaderboard asks for at once; more is a table nobody reads. */
export const MAX_LATEST_KEYS = 20;
/** Keys listed per sweep: enough for a column picker. */
export const MAX_SWEEP_KEYS = 500;

@Resolver(() => Trial)
export class TrialLatestResolver {
  @FieldResolver(() => [LatestValue], {
    description: `The latest point of each given metric key (keys it never reported are left out); at most ${MAX_LATEST_KEYS} keys`,
    complexity: ({ args, childComplexity }) => 2 + (Array.isArray(args.keys) ? args.keys.length : 1) * childComplexity,
  })
  latest(@Root() trial: Trial, @Ctx() ctx: ApiContext, @Arg('keys', () => [String]) keys: string[]): Promise<LatestValue[]> {
    if (keys.length > MAX_LATEST_KEYS) {
      throw new ApiError('BAD_USER_INPUT', `latest(keys:) takes at most ${MAX_LATEST_KEYS} keys (got ${keys.length}); ask for fewer columns`, [{ path: 'keys', message: `at most ${MAX_LATEST_KEYS}` }]);
    }
    return ctx.loaders.latest.load(`${trial.id}\u0000${JSON.stringify([...new Set(keys)].sort())}`);
  }
}

@Resolver(() => Sweep)
export class SweepMetricKeysResolver {
  @FieldResolver(() => [String], { description: `Metric keys any of its trials reported, by name (at most ${MAX_SWEEP_KEYS})` })
  metricKeys(@Root() sweep: Sweep, @Ctx() ctx: ApiContext): Promise<string[]> {
    return new MetricStore(ctx.deps.ds).keysOfSweep(sweep.id, MAX_SWEEP_KEYS);
  }
}
