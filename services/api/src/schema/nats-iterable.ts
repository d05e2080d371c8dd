import type { NatsConnection } from 'nats';

const decoder = new TextDecoder();

/**
 * A NATS subscription as an async iterable of parsed JSON, ending (and unsubscribing) when the
 * GraphQL client goes away; what graphql-ws needs from a subscription source.
 */
export function natsJsonIterable(nc: NatsConnection, subject: string, keep: (event: unknown) => boolean = () => true): AsyncIterable<unknown> {
  return {
    [Symbol.asyncIterator]() {
      const sub = nc.subscribe(subject);
      const it = sub[Symbol.asyncIterator]();
      return {
        async next(): Promise<IteratorResult<unknown>> {
          // Several kinds of event share a subject; each subscription takes its own kind.
          for (;;) {
            const r = await it.next();
            if (r.done) return { done: true, value: undefined };
            let value: unknown = null;
            try {
              value = JSON.parse(decoder.decode(r.value.data)) as unknown;
            } catch {
              // Malformed: handed on as null, for the resolver to refuse.
            }
            if (value === null || keep(value)) return { done: false, value };
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
