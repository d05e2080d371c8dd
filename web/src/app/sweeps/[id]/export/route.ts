import { toCsv, trialsTable } from '@anneal/core';
import { isGraphQLRequestError, requestWithKey } from '@/lib/graphql';
import { exportFileName, exportRows, type ExportableTrial } from '@/lib/export-view';
import { parseView } from '@/lib/leaderboard-view';
import { readApiKey } from '@/lib/session';

export const dynamic = 'force-dynamic';

const STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'STOPPED', 'FAILED'];
const PAGE = 500;
/** An export reads the whole sweep; past this many trials use `anneal sweep export`. */
const MAX_TRIALS = 20_000;

const QUERY = /* GraphQL */ `
  query SweepExport($id: ID!, $first: Int!, $after: String, $cols: [String!]!) {
    sweep(id: $id) {
      name
      metricGoal
      trials(first: $first, after: $after, orderBy: NUMBER) {
        pageInfo { hasNextPage endCursor }
        edges { node { id number status objective params createdAt startedAt finishedAt tags latest(keys: $cols) { key value } } }
      }
    }
  }
`;

interface Page {
  sweep: {
    name: string; metricGoal: string | null;
    trials: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: ExportableTrial }> };
  } | null;
}

/**
 * The leaderboard as a file: `?format=csv|json` plus the page's view parameters (status, range,
 * sort, cols, tag), so what downloads is what the table shows, every page of it. Read with the
 * signed-in person's credential: the API decides what they may see.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const search = new URL(request.url).searchParams;
  const format = search.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') return new Response('format must be csv or json', { status: 400 });
  const credential = await readApiKey();
  if (!credential) return new Response('sign in first', { status: 401 });
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) query[key] = search.getAll(key);
  const view = parseView(query, STATUSES);
  const tag = search.get('tag') || null;

  const trials: ExportableTrial[] = [];
  let after: string | null = null;
  let name = 'sweep';
  let goal: string | null = null;
  try {
    for (;;) {
      const page: Page = await requestWithKey<Page>(credential, QUERY, { id, first: PAGE, after, cols: view.metrics });
      if (!page.sweep) return new Response(`sweep ${id} does not exist or you are not a member of its organization`, { status: 404 });
      name = page.sweep.name;
      goal = page.sweep.metricGoal;
      trials.push(...page.sweep.trials.edges.map((e) => e.node));
      if (!page.sweep.trials.pageInfo.hasNextPage) break;
      if (trials.length >= MAX_TRIALS) {
        return new Response(`this sweep has more than ${MAX_TRIALS} trials; export it with: anneal sweep export ${id} --format ${format}`, { status: 413 });
      }
      after = page.sweep.trials.pageInfo.endCursor;
    }
  } catch (error) {
    const message = isGraphQLRequestError(error) ? error.message : 'the API could not be reached';
    return new Response(message, { status: 502 });
  }
  const table = trialsTable(exportRows(trials, view, goal, tag, Date.now()));
  const body = format === 'csv' ? toCsv(table) : `${JSON.stringify(table.rows, null, 2)}\n`;
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(name, format)}"`,
      'cache-control': 'no-store',
    },
  });
}
