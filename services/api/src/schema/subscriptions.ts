import { Arg, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { authorizeUser } from '../auth/policy.js';
import { ApiError } from '../errors.js';
import type { PointsEvent, TrialChangedEvent } from '../ingest/live-events.js';
import { getSweep } from '../services/sweeps.js';
import { getTrial } from '../services/trials.js';
import type { ApiContext } from './context.js';
import { natsJsonIterable } from './nats-iterable.js';
import { Sweep, TrialMetricsEvent, Trial } from './types.js';

const isKind = (type: string) => (event: unknown): boolean => (event as { type?: unknown }).type === type;
const asSweep = (r: Awaited<ReturnType<typeof getSweep>>): Sweep => Object.assign(new Sweep(), { ...r, config: r.configText });

type SubscribeData = SubscribeResolverData<unknown, { sweepId?: string; trialId?: string }, ApiContext>;

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => Trial, {
    description: 'Emits a trial of the sweep each time its status or objective changes',
    subscribe: async ({ args, context }: SubscribeData) => {
      const sweep = await getSweep(context.deps, authorizeUser(context.viewer, 'trialUpdated'), args.sweepId ?? '');
      return natsJsonIterable(context.deps.nc, context.deps.names.sweepEventsSubject(sweep.id), isKind('trial'));
    },
  })
  async trialUpdated(
    @Root() event: TrialChangedEvent | null,
    @Arg('sweepId', () => ID) _sweepId: string,
    @Ctx() ctx: ApiContext,
  ): Promise<Trial> {
    if (!event?.trialId) throw new ApiError('BAD_USER_INPUT', 'malformed live event');
    return getTrial(ctx.deps, ctx.viewer, event.trialId) as Promise<Trial>;
  }

  @Subscription(() => Sweep, {
    description: 'Emits the sweep each time it changes: status, limits, trials created or finished',
    subscribe: async ({ args, context }: SubscribeData) => {
      const sweep = await getSweep(context.deps, authorizeUser(context.viewer, 'sweepUpdated'), args.sweepId ?? '');
      return natsJsonIterable(context.deps.nc, context.deps.names.sweepEventsSubject(sweep.id), () => true);
    },
  })
  async sweepUpdated(@Root() event: { sweepId?: string } | null, @Arg('sweepId', () => ID) sweepId: string, @Ctx() ctx: ApiContext): Promise<Sweep> {
    // A trial's change is the sweep's too (its counts and best trial); either kind re-reads it.
    if (event === null) throw new ApiError('BAD_USER_INPUT', 'malformed live event');
    return asSweep(await getSweep(ctx.deps, ctx.viewer, sweepId));
  }

  @Subscription(() => TrialMetricsEvent, {
    description: 'Emits metric points of a trial as they are stored',
    subscribe: async ({ args, context }: SubscribeData) => {
      const trial = await getTrial(context.deps, authorizeUser(context.viewer, 'metricPoints'), args.trialId ?? '');
      return natsJsonIterable(context.deps.nc, context.deps.names.trialEventsSubject(trial.id));
    },
  })
  metricPoints(@Root() event: PointsEvent | null, @Arg('trialId', () => ID) trialId: string): TrialMetricsEvent {
    const series = new Map<string, Array<{ step: number; value: number }>>();
    for (const p of event?.points ?? []) series.set(p.key, [...(series.get(p.key) ?? []), { step: p.step, value: p.value }]);
    return { trialId, series: [...series].map(([key, points]) => ({ key, points })) };
  }
}
