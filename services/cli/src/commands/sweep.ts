import { SWEEP_TRAINERS } from '@anneal/protocol';
import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { graphql, type ClientOptions } from '../client.js';
import { CliError } from '../errors.js';
import { formatNumber, table } from '../output.js';
import { parseSweepConfig, toCsv, trialsTable, type ExportTrial } from '@anneal/core';
import { watchSweep } from './watch.js';

export function readConfigFile(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError('FILE_UNREADABLE', `cannot read sweep config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Exit 0 and a summary when valid; otherwise every problem with its path, exit 1. */
export function validateConfigText(text: string, path: string, out: (s: string) => void): number {
  const result = parseSweepConfig(text, { trainers: SWEEP_TRAINERS });
  if (!result.ok) {
    out(`${path}: invalid sweep config (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`);
    for (const p of result.problems) out(`  ${p.path || '(document)'}: ${p.message}`);
    return 1;
  }
  const c = result.config;
  for (const w of result.warnings) out(`  warning: ${w.path || '(document)'}: ${w.message}`);
  out(`${path}: valid — method ${c.method}, ${c.space.length} parameter${c.space.length === 1 ? '' : 's'}` +
    `${c.metric ? `, ${c.metric.goal} ${c.metric.name}` : ''}${c.runCap ? `, run_cap ${c.runCap}` : ''}, max_concurrent ${c.maxConcurrent}, pool ${c.pool}`);
  return 0;
}

const SWEEP_FIELDS = 'id name status method metricName metricGoal trialCounts { queued running completed pruned stopped failed total } bestTrial { number objective }';

export function registerSweepCommands(program: Command, client: () => ClientOptions, out: (s: string) => void): void {
  const sweep = program.command('sweep').description('create, validate, list, watch and stop sweeps');

  sweep.command('validate')
    .description('check a sweep config without creating anything (exit 1 when invalid)')
    .requiredOption('-f, --file <path>', 'sweep config, YAML or JSON ("-" for stdin)')
    .action((o: { file: string }) => {
      const code = validateConfigText(readConfigFile(o.file), o.file, out);
      if (code !== 0) throw new CliError('BAD_FLAG', 'the sweep config is invalid', code);
    });

  sweep.command('create')
    .description('create a sweep from a config file and start it')
    .requiredOption('-f, --file <path>', 'sweep config, YAML or JSON ("-" for stdin)')
    .option('-p, --project <id>', 'project id (default: your only project, or one named in the config `project:` key)')
    .option('-n, --name <name>', 'sweep name (default: the config `name`)')
    .action(async (o: { file: string; project?: string; name?: string }) => {
      const text = readConfigFile(o.file);
      const projectId = o.project ?? (await defaultProject(client(), text));
      const data = await graphql<{ createSweep: { id: string; name: string; status: string } }>(client(),
        `mutation($input: CreateSweepInput!) { createSweep(input: $input) { id name status } }`,
        { input: { projectId, config: text, ...(o.name ? { name: o.name } : {}) } });
      out(`created sweep ${data.createSweep.name} (${data.createSweep.id}); watch it with: anneal sweep watch ${data.createSweep.id}`);
    });

  sweep.command('ls')
    .description('list sweeps')
    .option('-p, --project <id>', 'only this project')
    .action(async (o: { project?: string }) => {
      type SweepItem = { id: string; name: string; status: string; method: string; metricName: string | null; trialCounts: Record<string, number>; bestTrial: { number: number; objective: number | null } | null };
      const data = await graphql<{ projects: Array<{ name: string; id: string; sweeps: SweepItem[] }> }>(client(),
        `{ projects { id name sweeps { ${SWEEP_FIELDS} } } }`);
      const rows: string[][] = [];
      for (const p of data.projects) {
        if (o.project && p.id !== o.project) continue;
        for (const s of p.sweeps) {
          rows.push([s.id, p.name, s.name, s.status, s.method, `${s.trialCounts.completed}/${s.trialCounts.total}`, s.metricName ?? '-', formatNumber(s.bestTrial?.objective)]);
        }
      }
      out(rows.length ? table(['ID', 'PROJECT', 'NAME', 'STATUS', 'METHOD', 'DONE', 'METRIC', 'BEST'], rows) : 'no sweeps yet: anneal sweep create -f sweep.yaml');
    });

  sweep.command('watch')
    .description('live leaderboard in the terminal; returns when the sweep ends')
    .argument('<id>', 'sweep id')
    .option('--top <n>', 'rows to show', '20')
    .option('--once', 'print the leaderboard once and exit')
    .action(async (id: string, o: { top: string; once?: boolean }) => {
      const top = Number(o.top);
      if (!Number.isInteger(top) || top < 1 || top > 1000) throw new CliError('BAD_FLAG', '--top must be a whole number from 1 to 1000');
      await watchSweep(client(), id, { top, once: Boolean(o.once), out });
    });

  sweep.command('export')
    .description('every trial of a sweep as CSV or JSON: number, status, objective, times, one column per parameter')
    .argument('<id>', 'sweep id')
    .option('--format <format>', 'csv or json', (v: string) => {
      if (v !== 'csv' && v !== 'json') throw new InvalidArgumentError('--format must be csv or json');
      return v;
    }, 'csv')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (id: string, o: { format: 'csv' | 'json'; out?: string }) => {
      const table = trialsTable(await allTrials(client(), id));
      const text = o.format === 'csv' ? toCsv(table) : `${JSON.stringify(table.rows, null, 2)}\n`;
      if (o.out) {
        writeFileSync(o.out, text);
        out(`${table.rows.length} trial${table.rows.length === 1 ? '' : 's'} written to ${o.out}`);
      } else {
        process.stdout.write(text);
      }
    });

  for (const [name, verb] of [['stop', 'stopSweep'], ['pause', 'pauseSweep'], ['resume', 'resumeSweep']] as const) {
    sweep.command(name)
      .description(`${name} a sweep`)
      .argument('<id>', 'sweep id')
      .action(async (id: string) => {
        const data = await graphql<Record<string, { id: string; status: string }>>(client(), `mutation($id: ID!) { ${verb}(id: $id) { id status } }`, { id });
        out(`sweep ${id} is ${data[verb]?.status}`);
      });
  }
}

const EXPORT_PAGE = 500;

/** Every trial of the sweep in number order, page by page. */
async function allTrials(client: ClientOptions, id: string): Promise<ExportTrial[]> {
  const trials: ExportTrial[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { sweep: { trials: { edges: Array<{ node: ExportTrial }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await graphql(client,
      `query($id: ID!, $first: Int!, $after: String) { sweep(id: $id) { trials(first: $first, after: $after, orderBy: NUMBER) {
         edges { node { number status objective params createdAt startedAt finishedAt } } pageInfo { hasNextPage endCursor } } } }`,
      { id, first: EXPORT_PAGE, after });
    if (!data.sweep) throw new CliError('API_ERROR', `sweep ${id} does not exist or you are not a member of its organization`);
    trials.push(...data.sweep.trials.edges.map((e) => e.node));
    if (!data.sweep.trials.pageInfo.hasNextPage) return trials;
    after = data.sweep.trials.pageInfo.endCursor;
  }
}

async function defaultProject(client: ClientOptions, configText: string): Promise<string> {
  const data = await graphql<{ projects: Array<{ id: string; name: string }> }>(client, '{ projects { id name } }');
  const parsed = parseSweepConfig(configText, { trainers: SWEEP_TRAINERS });
  const wanted = parsed.ok && typeof parsed.config.raw.project === 'string' ? parsed.config.raw.project : undefined;
  const named = wanted ? data.projects.find((p) => p.name === wanted) : undefined;
  if (named) return named.id;
  if (data.projects.length === 1 && data.projects[0]) return data.projects[0].id;
  throw new CliError('BAD_FLAG', data.projects.length === 0
    ? 'no project yet: anneal project create NAME'
    : `several projects: pass --project ID (${data.projects.map((p) => `${p.name}=${p.id}`).join(', ')})`);
}
