import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { MutationResolver, ProjectResolver, QueryResolver, SweepResolver, TrialResolver } from './resolvers.js';
import { SubscriptionResolver } from './subscriptions.js';

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

let cached: Promise<GraphQLSchema> | undefined;

/** The schema is the same for every server in the process; building it takes a while. */
export function buildApiSchema(emitSchemaFile?: string): Promise<GraphQLSchema> {
  if (emitSchemaFile) {
    return buildSchema({
      resolvers: [QueryResolver, MutationResolver, ProjectResolver, SweepResolver, TrialResolver, SubscriptionResolver],
      validate: false,
      pubSub: noTopicPubSub,
      emitSchemaFile: { path: emitSchemaFile, sortedSchema: true },
    });
  }
  cached ??= buildSchema({
    resolvers: [QueryResolver, MutationResolver, ProjectResolver, SweepResolver, TrialResolver, SubscriptionResolver],
    // Inputs are validated by zod in the services, once, with messages that name the path.
    validate: false,
    pubSub: noTopicPubSub,
  });
  return cached;
}
