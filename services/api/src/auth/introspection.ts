import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';
import type { Viewer } from './viewer.js';

/** Whether the document asks for the schema (`__schema` or `__type`; `__typename` is harmless). */
export function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The schema names every operation and argument, which is a map for anyone probing the API, so
 * only callers with a live key may read it. Validation rules cannot see the request's key, so
 * this runs once the operation is resolved (Apollo's didResolveOperation), before any resolver.
 */
export function introspectionPlugin() {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }: { document: DocumentNode; contextValue: { viewer: Viewer | null } }) {
          if (!contextValue.viewer && introspects(document)) {
            // Thrown before execution, so Apollo would answer 500 without an explicit status.
            throw new GraphQLError('introspection needs a valid API key: send `Authorization: Bearer <api key>`', {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
            });
          }
        },
      };
    },
  };
}
