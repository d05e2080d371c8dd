import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { POLICY } from '../auth/policy.js';
import { MetricSeriesResolver, MutationResolver, ProjectResolver, QueryResolver, SweepResolver, TrialResolver } from './resolvers.js';
import { SessionResolver } from './session-resolvers.js';
import { SweepBudgetResolver, TrialCostResolver } from './budget-resolvers.js';
import { SweepMetricKeysResolver, TrialLatestResolver } from './latest-resolvers.js';
import { SweepObjectivesResolver, TrialObjectivesResolver } from './objective-resolvers.js';
import { SubscriptionResolver } from './subscriptions.js';
import { TrialInfeasibleResolver } from './infeasible-resolvers.js';
import { ApiKeyResolver, MemberResolver, OrganizationResolver } from './team-resolvers.js';

/**
 * type-graphql insists on a PubSub once any subscription exists, even though ours all bring
 * their own `subscribe` (NATS-backed, see nats-iterable.ts). Reaching this is a programming error.
 */
const noTopicPubSub = {
  publish(): void {
    throw new Error('subscriptions use NATS subjects directly; topic-based publish is not wired');
  },
  subscribe(): never {
    throw new Error('subscriptions use NATS subjects directly; topic-based subscribe is not wired');
  },
};

const resolvers = [
  QueryResolver, MutationResolver, ProjectResolver, SweepResolver, TrialResolver, MetricSeriesResolver, SubscriptionResolver,
  OrganizationResolver, MemberResolver, ApiKeyResolver, SessionResolver, SweepBudgetResolver, TrialCostResolver, TrialLatestResolver, SweepMetricKeysResolver,
  SweepObjectivesResolver, TrialObjectivesResolver, TrialInfeasibleResolver,
] as const;

/** The names of every Query, Mutation and Subscription field. */
export function operationsOf(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? Object.keys(t.getFields()) : []));
}

/** An operation nobody decided the authorization of must not reach a server. */
function assertPolicyCovers(schema: GraphQLSchema): GraphQLSchema {
  const missing = operationsOf(schema).filter((op) => !(op in POLICY));
  if (missing.length > 0) throw new Error(`operations without a row in auth/policy.ts: ${missing.join(', ')}`);
  return schema;
}

let cached: Promise<GraphQLSchema> | undefined;

/** The schema is the same for every server in the process; building it takes a while. */
export function buildApiSchema(emitSchemaFile?: string): Promise<GraphQLSchema> {
  if (emitSchemaFile) {
    return buildSchema({
      resolvers,
      validate: false,
      pubSub: noTopicPubSub,
      emitSchemaFile: { path: emitSchemaFile, sortedSchema: true },
    }).then(assertPolicyCovers);
  }
  cached ??= buildSchema({
    resolvers,
    // Inputs are validated by zod in the services, once, with messages that name the path.
    validate: false,
    pubSub: noTopicPubSub,
  }).then(assertPolicyCovers);
  return cached;
}
