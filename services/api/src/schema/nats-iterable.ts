import type { NatsConnection } from 'nats';

const decoder = new TextDecoder();

/**
 * A NATS subscription as an async iterable of parsed JSON, ending (and unsubscribing) when the
 * GraphQL client goes away; what graphql-ws needs from a subscription source.
 */
export function natsJsonIterable(nc: NatsConnection, subject: string): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator]() {
      const sub = nc.subscribe(subject);
      const it = sub[Symbol.asyncIterator]();
      return {
        async next() {
          const r = await it.next();
          if (r.done) return { done: true, value: undefined };
          try {
            return { done: false, value: JSON.parse(decoder.decode(r.value.data)) as unknown };
          } catch {
            return { done: false, value: null };
          }
        },
        async return() {
          sub.unsubscribe();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
