import type { Command } from 'commander';
import { graphql, type ClientOptions } from '../client.js';
import { CliError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 500;

/** A trial named as people see it: its id, or SWEEP_ID/NUMBER (the `#` of the leaderboard). */
export function parseTrialRef(ref: string): { trialId: string } | { sweepId: string; number: number } {
  if (UUID.test(ref)) return { trialId: ref };
  const m = /^([0-9a-f-]{36})\/(\d+)$/i.exec(ref);
  if (m && UUID.test(m[1]!)) return { sweepId: m[1]!, number: Number(m[2]) };
  throw new CliError('BAD_FLAG', `'${ref}' is neither a trial id nor SWEEP_ID/NUMBER (e.g. 3f2b…/12 for trial #12 of that sweep)`);
}

type Page = { sweep: { trials: { edges: Array<{ node: { id: string; number: number } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };

async function trialIdOf(client: ClientOptions, ref: string): Promise<string> {
  const parsed = parseTrialRef(ref);
  if ('trialId' in parsed) return parsed.trialId;
  let after: string | null = null;
  for (;;) {
    const data: Page = await graphql(client,
      `query($id: ID!, $first: Int!, $after: String) { sweep(id: $id) { trials(first: $first, after: $after, orderBy: NUMBER) {
         edges { node { id number } } pageInfo { hasNextPage endCursor } } } }`,
      { id: parsed.sweepId, first: PAGE, after });
    if (!data.sweep) throw new CliError('NOT_FOUND', `no sweep ${parsed.sweepId} (or not yours to see)`);
    const hit = data.sweep.trials.edges.find((e) => e.node.number === parsed.number);
    if (hit) return hit.node.id;
    const last = data.sweep.trials.edges.at(-1)?.node.number ?? -1;
    if (!data.sweep.trials.pageInfo.hasNextPage || last > parsed.number) throw new CliError('NOT_FOUND', `sweep ${parsed.sweepId} has no trial #${parsed.number}`);
    after = data.sweep.trials.pageInfo.endCursor;
  }
}

export function registerTrialCommands(program: Command, client: () => ClientOptions, out: (s: string) => void, lines: (v: string) => number): void {
  const trial = program.command('trial').description("a trial's output");
  trial.command('logs')
    .description('the last lines a trial printed (not its metric reports), oldest first; kept while it runs and after it ends')
    .argument('<trial>', 'a trial id, or SWEEP_ID/NUMBER (the # in `anneal sweep watch`)')
    .option('--last <n>', 'how many lines', lines, 200)
    .action(async (ref: string, o: { last: number }) => {
      const id = await trialIdOf(client(), ref);
      const data = await graphql<{ trial: { number: number; status: string; logs: string[] } }>(client(),
        `query($id: ID!, $last: Int!) { trial(id: $id) { number status logs(last: $last) } }`, { id, last: o.last });
      if (data.trial.logs.length === 0) out(`trial #${data.trial.number} (${data.trial.status}) has printed nothing yet`);
      for (const line of data.trial.logs) out(line);
    });
}
