import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql, type ClientOptions } from '../client.js';
import { leaderboardRows, table } from '../output.js';
import { objectivesLine, paretoFrontTable, type FrontTrialView, type ObjectiveView } from '../pareto-front.js';
import { infeasibleLine, statusCell, type InfeasibleView } from '../infeasible-words.js';
import { spendWords, type BudgetView, type SpendView } from '../spend-words.js';

interface Board {
  sweep: {
    name: string; status: string; statusReason: string | null; metricName: string | null; metricGoal: string | null;
    trialCounts: { queued: number; running: number; completed: number; pruned: number; stopped: number; failed: number; total: number; infeasible: number };
    trials: { edges: Array<{ node: { number: number; status: string; objective: number | null; params: Record<string, unknown>; infeasible: InfeasibleView | null } }> };
    spend: SpendView; budget: BudgetView | null;
    objectives: ObjectiveView[] | null; paretoFront: FrontTrialView[];
  };
}

const FINAL = new Set(['COMPLETED', 'STOPPED', 'FAILED']);

/** PRUNED trials were cut by the searcher, STOPPED ones by a person stopping the sweep. */
export function trialCountWords(c: Board['sweep']['trialCounts']): string {
  return `${c.queued} queued, ${c.running} running, ${c.completed} completed, ${c.pruned} pruned by early stopping, ` +
    `${c.stopped} stopped with the sweep, ${c.failed} failed`;
}

/** Redraws on every live trial event (graphql-ws), and every 2 s in case events are missed. */
export async function watchSweep(client: ClientOptions, id: string, o: { top: number; once: boolean; out: (s: string) => void }): Promise<void> {
  const query = `query($id: ID!, $top: Int!) { sweep(id: $id) { name status statusReason metricName metricGoal
    trialCounts { queued running completed pruned stopped failed total infeasible }
    spend { gpuHours wallHours trials } budget { gpuHours wallHours trials }
    objectives { name goal } paretoFront(first: $top) { number objectives params }
    trials(first: $top, orderBy: PARETO) { edges { node { number status objective params infeasible { reason evidence } } } } } }`;
  const render = async (): Promise<string> => {
    const { sweep } = await graphql<Board>(client, query, { id, top: o.top });
    const c = sweep.trialCounts;
    const { headers, rows } = leaderboardRows(sweep.trials.edges.map(({ node }) => ({ ...node, status: statusCell(node.status, node.infeasible) })));
    const tty = process.stdout.isTTY && !o.once;
    // Several objectives: the heading lists them and the front comes before the leaderboard (ranked by Pareto order).
    const objectives = sweep.objectives?.length ? sweep.objectives : null;
    const heading = objectives ? objectivesLine(objectives) : `${sweep.metricGoal ?? ''} ${sweep.metricName ?? '(no metric)'}`;
    o.out(`${tty ? '\x1b[2J\x1b[H' : ''}${sweep.name} — ${sweep.status} — ${heading}\n` +
      (sweep.statusReason ? `${sweep.status.toLowerCase()}: ${sweep.statusReason}\n` : '') +
      `trials: ${c.total} (${trialCountWords(c)})\n` +
      infeasibleLine(c.infeasible) +
      `${spendWords(sweep.spend, sweep.budget)}\n\n` +
      (objectives ? `${paretoFrontTable(objectives, sweep.paretoFront)}\n\n` : '') +
      (rows.length ? table(headers, rows) : 'no trials yet'));
    return sweep.status;
  };
  if (o.once) {
    await render();
    return;
  }
  const ws = createClient({
    url: `${client.server.replace(/^http/, 'ws').replace(/\/+$/, '')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${client.token}` },
    retryAttempts: Infinity,
  });
  let dirty = true;
  const unsubscribe = ws.subscribe({ query: 'subscription($id: ID!) { trialUpdated(sweepId: $id) { id } }', variables: { id } }, {
    next: () => { dirty = true; },
    error: () => undefined,
    complete: () => undefined,
  });
  try {
    let last = 0;
    for (;;) {
      if (dirty || Date.now() - last > 2000) {
        dirty = false;
        last = Date.now();
        if (FINAL.has(await render())) return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    unsubscribe();
    await ws.dispose();
  }
}
