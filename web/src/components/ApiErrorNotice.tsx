import { describeApiError, ErrorCode, type GraphQLRequestError } from '@/lib/graphql-core';

/** Explains a failed API call inline (e.g. the API is not running). */
export function ApiErrorNotice({ error, retryHref }: { error: GraphQLRequestError; retryHref: string }) {
  const unreachable = error.code === ErrorCode.API_UNREACHABLE;
  return (
    <div className="notice error" role="alert">
      <strong>{unreachable ? 'The Anneal API is unreachable.' : 'The Anneal API returned an error.'}</strong>
      <p>
        {describeApiError(error)}
        {unreachable ? null : <span className="muted"> ({error.code})</span>}
      </p>
      <p>
        {/* A full reload, so the request is made again even if the router cached the page. */}
        <a href={retryHref}>Try again</a>
      </p>
    </div>
  );
}
