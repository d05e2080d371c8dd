import { GraphQLError, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export const MAX_QUERY_DEPTH = 10;
export const MAX_QUERY_COST = 20_000;
/** Fields counted by the cost estimator before it gives up (aliases included); past it the query is QUERY_TOO_COSTLY too. */
export const MAX_QUERY_NODES = 10_000;
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Without a valid key only `health`, `signIn` and `acceptInvite` answer, all short documents: a
 * longer body is refused (400 QUERY_TOO_COSTLY) before it is parsed, so nobody without a key makes the API parse
 * and validate a megabyte of aliases.
 */
export const ANONYMOUS_MAX_BODY_BYTES = 4 * 1024;
/** Parsing stops past this many tokens (graphql-js `maxTokens`), whoever asks. */
export const MAX_DOCUMENT_TOKENS = 50_000;

/** `MetricSeries.points(maxPoints:)`: the default, and the most a query may ask for. */
export const DEFAULT_MAX_POINTS = 500;
export const MAX_MAX_POINTS = 5_000;
/** `Trial.metrics` without `keys` is costed as this many series (the read itself is bounded at run time). */
export const SERIES_ESTIMATE_WITHOUT_KEYS = 10;
/** Cost units per point of a series (so the default 500 points of `{step value}` cost 10). */
export const POINTS_PER_COST_UNIT = 100;

/** Rejects queries nested deeper than `max` (fragments followed), before any resolver runs. */
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d);
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === 'Field') deepest = Math.max(deepest, s.selectionSet ? 1 + depthOf(s.selectionSet, seen) : 1);
        else if (s.kind === 'InlineFragment') deepest = Math.max(deepest, depthOf(s.selectionSet, seen));
        else if (!seen.has(s.name.value)) {
          deepest = Math.max(deepest, depthOf(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > max) {
          context.reportError(new GraphQLError(`query depth ${depth} exceeds the limit of ${max}`, { extensions: { code: 'QUERY_TOO_DEEP' } }));
        }
      },
    };
  };
}
