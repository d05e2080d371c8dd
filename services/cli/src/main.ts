import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { takeAgentToken } from './agent-token.js';
import { graphql, resolveToken, type ClientOptions } from './client.js';
import { registerKeyCommands } from './commands/key.js';
import { registerMemberCommands } from './commands/member.js';
import { registerOrgCommands } from './commands/org.js';
import { registerSweepCommands } from './commands/sweep.js';
import { registerTrialCommands } from './commands/trial.js';
import { apiServerUrl, readEnv } from './env.js';
import { CliError } from './errors.js';

const collect = (v: string, all: string[] = []): string[] => [...all, v];

const int = (name: string, min: number, max: number) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};

// Heavy modules (the API server, TypeORM, PGlite) load only for the commands that use them, so
// `anneal ask-tell` and `anneal sweep validate` start in a fraction of the time.
const lazy = {
  up: () => import('./commands/up.js'),
  agent: () => import('./commands/agent.js'),
  nats: () => import('./commands/nats.js'),
  askTell: () => import('./commands/ask-tell.js'),
  pretrain: () => import('./commands/pretrain.js'),
  demo: () => import('./commands/demo.js'),
  db: () => import('@anneal/db'),
  api: () => import('@anneal/api'),
  embedded: () => import('./embedded/postgres.js'),
};

/** Returns the exit code; `bin/anneal.js` sets it, so tests can call main() in-process. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const program = new Command('anneal')
    .description('Anneal: hyperparameter optimization for fine-tuning')
    .option('--server <url>', 'API base URL (default: ANNEAL_SERVER, else where `anneal up` listens: http://ANNEAL_HOST:ANNEAL_API_PORT, i.e. http://127.0.0.1:4000)')
    .option('--token <key>', 'API key (or ANNEAL_API_KEY; default: the key `anneal up` saved)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => process.stderr.write(s) });
  const client = (): ClientOptions => {
    const o = program.opts<{ server?: string; token?: string }>();
    const env = readEnv();
    return { server: o.server ?? apiServerUrl(env), token: resolveToken(o.token, env.ANNEAL_HOME) };
  };

  program.command('up')
    .description('run the API, scheduler, web UI and local agents (embedded Postgres/NATS unless DATABASE_URL/NATS_URL are set)')
    .option('--agents <n>', 'local agents to start', int('--agents', 0, 64), 1)
    .option('--slots <n>', 'trials each local agent runs at once', int('--slots', 1, 256), 2)
    .option('--no-web', 'do not start the web UI')
    .option('--host <address>', 'where the API, web UI and embedded NATS listen (or ANNEAL_HOST; default 127.0.0.1: this machine only)')
    .action(async (o: { agents: number; slots: number; web: boolean; host?: string }) => {
      const env = readEnv(o.host === undefined ? process.env : { ...process.env, ANNEAL_HOST: o.host });
      await (await lazy.up()).up(env, o, out);
    });

  program.command('migrate')
    .description('apply pending database migrations (DATABASE_URL, else the embedded database under ANNEAL_HOME)')
    .action(async () => {
      const env = readEnv();
      const { createDataSource, migrate } = await lazy.db();
      const embedded = env.DATABASE_URL ? undefined : await (await lazy.embedded()).startEmbeddedPostgres(env.ANNEAL_HOME);
      const ds = createDataSource({ url: env.DATABASE_URL ?? embedded!.url, poolSize: 1 });
      try {
        await ds.initialize();
        const applied = await migrate(ds);
        out(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      } finally {
        if (ds.isInitialized) await ds.destroy();
        await embedded?.stop();
      }
    });

  program.command('agent')
    .description('run trials of a pool on this machine')
    .option('--pool <name>', 'pool to take work from', 'default')
    .option('--gpus <list>', "GPUs to use: 'all' or indices like 0,1 (one trial per GPU, CUDA_VISIBLE_DEVICES pinned); default: none")
    .option('--slots <n>', 'trials to run at once (default: 1, or one per GPU; with --gpus a multiple of the GPU count shares GPUs)', int('--slots', 1, 256))
    .option('--nvidia-smi <path>', 'the nvidia-smi to run with --gpus', 'nvidia-smi')
    .option('--nats <url>', 'NATS address (default: what the API says)')
    .option('--work-dir <path>', 'where trial folders and the telemetry spool go (default: ANNEAL_HOME/agent); as root, somewhere the trainer user can reach (not under /root)')
    .option('--interpreter <cmd>', 'what ${interpreter} expands to', 'python3')
    .option('--token-file <path>', 'read the API key from this file (mode 600, yours); unlike --token or ANNEAL_API_KEY it stays out of ps and /proc/<pid>/cmdline and environ')
    .option('--trainer-user <user>', "run trainers as this user; default when root: nobody (not root: only the agent's own user, whose trainers can read the agent's files)")
    .option('--trainer-env <name>', 'pass this variable of the agent\'s environment to trainers too (repeatable); trainers otherwise get an allowlist (see agent/README.md)', collect)
    .option('--data-root <dir>', 'only read tfjs model/dataset files and use checkpoint_store folders under this folder, symlinks followed (repeatable); default: anywhere', collect)
    .action(async (o: { pool: string; slots?: number; gpus?: string; nvidiaSmi: string; nats?: string; workDir?: string; interpreter: string; tokenFile?: string; trainerUser?: string; trainerEnv?: string[]; dataRoot?: string[] }) => {
      const g = program.opts<{ server?: string; token?: string }>();
      const { tokenFile, ...rest } = o;
      const { token, warnings } = takeAgentToken({ flag: g.token, file: tokenFile });
      for (const w of warnings) process.stderr.write(`anneal: warning: ${w}\n`);
      const env = readEnv();
      await (await lazy.agent()).runAgentCommand(env, { server: g.server ?? apiServerUrl(env), token, ...rest }, out);
    });

  const num = (name: string, min: number, max: number) => (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= min || n > max) throw new InvalidArgumentError(`${name} must be a number above ${min} and at most ${max}`);
    return n;
  };
  program.command('pretrain')
    .description('pretrain a small decoder-only language model (about a million parameters) for the tfjs trainer to fine-tune')
    .option('--out <dir>', 'where model.json, weights.bin and tokenizer.json go (default: ANNEAL_HOME/models/base)')
    .option('--corpus <file>', 'text to train on, one document per line (default: generated product reviews)')
    .option('--corpus-size <n>', 'documents to generate without --corpus', int('--corpus-size', 100, 10_000_000), 20_000)
    .option('--steps <n>', 'optimizer steps', int('--steps', 1, 10_000_000), 300)
    .option('--batch-size <n>', 'documents per step', int('--batch-size', 1, 4096), 32)
    .option('--lr <x>', 'peak learning rate (AdamW, cosine schedule)', num('--lr', 0, 1), 3e-3)
    .option('--seed <n>', 'random seed', int('--seed', 0, 2 ** 31 - 1), 1)
    .option('--width <n>', 'model width', int('--width', 4, 4096), 128)
    .option('--layers <n>', 'transformer blocks', int('--layers', 1, 64), 4)
    .option('--heads <n>', 'attention heads', int('--heads', 1, 64), 4)
    .option('--ff <n>', 'feed-forward width', int('--ff', 4, 65_536), 640)
    .option('--max-length <n>', 'longest sequence in tokens', int('--max-length', 4, 4096), 64)
    .option('--vocab <n>', 'largest vocabulary', int('--vocab', 16, 1_000_000), 2000)
    .option('--backend <name>', 'auto, tensorflow-gpu, tensorflow, wasm or cpu', 'auto')
    .action(async (o: Parameters<Awaited<ReturnType<typeof lazy.pretrain>>['pretrainCommand']>[1]) => {
      await (await lazy.pretrain()).pretrainCommand(readEnv(), o, out);
    });

  program.command('demo')
    .description('fine-tune the base model in a bayes sweep with early stopping, on the tfjs trainer (starts a stack unless one is running)')
    .option('--wait', 'exit when the sweep ends: 0 if it completed, after printing the leaderboard')
    .option('--trials <n>', 'trials in the sweep', int('--trials', 1, 1000), 8)
    .option('--examples <n>', 'generated reviews to fine-tune on', int('--examples', 40, 1_000_000), 1200)
    .option('--epochs <n>', 'epochs per trial', int('--epochs', 1, 100), 4)
    .option('--slots <n>', 'trials at once on the local agent this command starts', int('--slots', 1, 64), 2)
    .option('--model <path>', 'base model.json to fine-tune (default: ANNEAL_HOME/models/base, pretrained on first use)')
    .option('--pretrain-steps <n>', 'steps when the base model has to be pretrained first', int('--pretrain-steps', 1, 1_000_000), 300)
    .action(async (o: { wait?: boolean; trials: number; examples: number; epochs: number; slots: number; model?: string; pretrainSteps: number }) => {
      const g = program.opts<{ server?: string; token?: string }>();
      await (await lazy.demo()).demo(readEnv(), { ...o, wait: o.wait ?? false }, {
        ...(g.server !== undefined ? { server: g.server } : {}),
        ...(g.token !== undefined ? { token: g.token } : {}),
      }, out);
    });

  const project = program.command('project').description('manage projects');
  project.command('create')
    .argument('<name>', 'project name')
    .action(async (name: string) => {
      const data = await graphql<{ createProject: { id: string; name: string } }>(client(),
        'mutation($input: CreateProjectInput!) { createProject(input: $input) { id name } }', { input: { name } });
      out(`created project ${data.createProject.name} (${data.createProject.id})`);
    });
  project.command('ls').action(async () => {
    const data = await graphql<{ projects: Array<{ id: string; name: string }> }>(client(), '{ projects { id name } }');
    for (const p of data.projects) out(`${p.id}  ${p.name}`);
  });

  registerSweepCommands(program, client, out);
  registerTrialCommands(program, client, out, int('--last', 1, 10_000));

  registerOrgCommands(program, client, out);
  registerMemberCommands(program, client, out);
  const key = program.command('key').description('API keys: create, list and revoke them; generate a bootstrap key');
  key.command('generate')
    .description('print a new random key in the format ANNEAL_ADMIN_KEY expects (stores nothing)')
    .action(async () => out((await lazy.api()).generateApiKey().key));
  registerKeyCommands(key, client, out);

  program.command('nats')
    .description('NATS for installations that run their own nats-server')
    .command('init <dir>')
    .description('make the operator/account keys (once) and a nats-server config that admits only users Anneal signs')
    .option('--host <host>', 'address nats-server listens on', '127.0.0.1')
    .option('--port <n>', 'port nats-server listens on', int('--port', 1, 65535), 4222)
    .option('--store-dir <path>', "JetStream's data folder (default: DIR/jetstream)")
    .action(async (dir: string, o: { host: string; port: number; storeDir?: string }) => (await lazy.nats()).runNatsInit(dir, o, out));

  program.command('ask-tell')
    .description('drive a searcher over JSON lines on stdin/stdout (see the README)')
    .requiredOption('--config <file>', 'sweep config (YAML or JSON)')
    .option('--seed <n>', 'random seed', int('--seed', 0, 2 ** 31 - 1), 0)
    .action(async (o: { config: string; seed: number }) => (await lazy.askTell()).askTell(o.config, o.seed));

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError) {
      if (e.message !== 'the sweep config is invalid') process.stderr.write(`anneal: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
