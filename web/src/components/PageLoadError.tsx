import Link from 'next/link';
import { ApiErrorNotice } from '@/components/ApiErrorNotice';
import type { GraphQLRequestError } from '@/lib/graphql-core';

/** A detail page whose API call failed: its title, a way home, and what went wrong. */
export function PageLoadError({ title, error, retryHref }: { title: string; error: GraphQLRequestError; retryHref: string }) {
  return (
    <>
      <div className="page-header">
        <div className="breadcrumb">
          <Link href="/">Projects</Link>
        </div>
        <h1>{title}</h1>
      </div>
      <ApiErrorNotice error={error} retryHref={retryHref} />
    </>
  );
}
