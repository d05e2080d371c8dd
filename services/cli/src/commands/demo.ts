import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveAdminKey } from '../admin-key.js';
import { graphql, resolveToken, type ClientOptions } from '../client.js';
import { apiServerUrl, type AnnealEnv } from '../env.js';
import { CliError } from '../errors.js';
import { createLogger } from '../logger.js';
import { natsAuthFromEnv, startStack, type Stack } from '../stack.js';
import { listenForShutdown } from '../shutdown-signals.js';
import { defaultModelDir, pretrainCommand, type PretrainFlags } from './pretrain.js';
import { watchSweep } from './watch.js';

export interface DemoOptions {
  wait: boolean;
  trials: number;
  examples: number;
  epochs: number;
  slots: number;
  /** A base model to fine-tune; default: ANNEAL_HOME/models/base, pretrained on first use. */
  model?: string;
  pretrainSteps: number;
}

const BATCH = 32;
const VALIDATION_SHARE = 0.15;
const FINAL = new Set(['COMPLETED', 'STOPPED', 'FAILED']);

/** The sweep the demo runs: bayes over the fine-tuning knobs that matter, with early stopping. */
export function demoSweepConfig(o: { trials: number; examples: number; epochs: number; slots: number; model: string; dataset: string }): Record<string, unknown> {
  const stepsPerEpoch = Math.ceil(Math.round(o.examples * (1 - VALIDATION_SHARE)) / BATCH);
  const evalEvery = Math.max(1, Math.ceil(stepsPerEpoch / 2));
  return {
    name: `demo-fine-tune-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`,
    description: 'Fine-tunes the pretrained base model on generated product reviews (positive / negative / mixed)',
    method: 'bayes',
    metric: { name: 'val/accuracy', goal: 'maximize' },
    run_cap: o.trials,
    max_concurrent: o.slots,
    // Fine-tuning curves here sit on a plateau before the hard class is learnt, and cross: ASHA
    // on half-epochs stopped 7 of 8 trials at the plateau (best 0.70). The forecast rule judges
    // a run by where its curve is heading, against finished runs.
    early_terminate: { type: 'forecast', min_iter: stepsPerEpoch, max_iter: stepsPerEpoch * o.epochs },
    trainer: {
      type: 'tfjs', task: 'classification', model: o.model, dataset: o.dataset, validation_split: VALIDATION_SHARE,
      max_length: 48, eval_every: evalEvery, hyperparameters: { epochs: o.epochs, batch_size: BATCH },
    },
    // Ranges a practitioner would start from, narrow enough that 8 trials can find a good region
    // (a wider first version, with 2 of 4 blocks frozen and decay down to 0.5, topped out at 0.71).
    parameters: {
      lr: { distribution: 'log_uniform_values', min: 2e-4, max: 4e-3 },
      weight_decay: { distribution: 'log_uniform_values', min: 1e-3, max: 0.1 },
      dropout: { distribution: 'uniform', min: 0, max: 0.2 },
      warmup_ratio: { distribution: 'uniform', min: 0, max: 0.15 },
      layer_decay: { distribution: 'uniform', min: 0.7, max: 1 },
      frozen_layers: { values: [0, 1] },
      optimizer: { values: ['adam', 'adamw'] },
    },
  };
}

async function reachable(server: string): Promise<boolean> {
  try {
    const res = await fetch(`${server.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function ensureModel(env: AnnealEnv, o: DemoOptions, out: (s: string) => void): Promise<string> {
  if (o.model !== undefined) {
    if (!existsSync(o.model)) throw new CliError('BAD_FLAG', `--model ${o.model} does not exist; make one with \`anneal pretrain\``);
    return o.model;
  }
  const path = join(defaultModelDir(env), 'model.json');
  if (existsSync(path)) return path;
  out(`No base model yet: pretraining one into ${defaultModelDir(env)} (once; a few minutes on a laptop CPU).`);
  const flags: PretrainFlags = {
    steps: o.pretrainSteps, batchSize: 32, lr: 3e-3, seed: 1, corpusSize: 20_000, width: 128, layers: 4, heads: 4, ff: 640, maxLength: 64, vocab: 2000, backend: 'auto',
  };
  return pretrainCommand(env, flags, out);
}

async function ensureDataset(env: AnnealEnv, examples: number): Promise<string> {
  const dir = join(env.ANNEAL_HOME, 'demo');
  const file = join(dir, `reviews-${examples}.jsonl`);
  if (!existsSync(file)) {
    const { classificationSet } = await import('@anneal/agent/tfjs');
    await mkdir(dir, { recursive: true });
    await writeFile(file, `${classificationSet(7, examples).map((r) => JSON.stringify(r)).join('\n')}\n`);
  }
  return file;
}

/**
 * `anneal demo`: a fine-tuning sweep with the built-in trainer, against the running stack or one
 * started here on the embedded defaults. With --wait it throws unless the sweep completed with
 * at least one completed trial, so the exit code says whether the demo worked.
 */
export async function demo(env: AnnealEnv, o: DemoOptions, flags: { server?: string; token?: string }, out: (s: string) => void): Promise<void> {
  const server = flags.server ?? apiServerUrl(env);
  let stack: Stack | null = null;
  let client: ClientOptions;
  if (await reachable(server)) {
    client = { server, token: resolveToken(flags.token, env.ANNEAL_HOME) };
    out(`Using the Anneal API at ${server} (its agents must be able to read ${env.ANNEAL_HOME}).`);
  } else {
    if (flags.server !== undefined || env.ANNEAL_SERVER !== undefined) throw new CliError('API_UNREACHABLE', `no Anneal API answers at ${server}/health`);
    out(`No Anneal API at ${server}: starting one here (embedded database and NATS unless DATABASE_URL / NATS_URL are set).`);
    stack = await startStack({
      home: env.ANNEAL_HOME, databaseUrl: env.DATABASE_URL, natsUrl: env.NATS_URL, ...natsAuthFromEnv(env), namespace: env.ANNEAL_NAMESPACE,
      host: env.ANNEAL_HOST, apiPort: env.ANNEAL_API_PORT,
      adminKey: env.ANNEAL_ADMIN_KEY, agents: 1, agentSlots: o.slots, logger: createLogger(env.ANNEAL_LOG_LEVEL === 'info' ? 'warn' : env.ANNEAL_LOG_LEVEL),
    });
    if (stack.createdAdminKey) out(`Admin API key saved to ${saveAdminKey(env.ANNEAL_HOME, stack.createdAdminKey)}`);
    client = { server: stack.apiUrl, token: flags.token ?? stack.createdAdminKey ?? resolveToken(env.ANNEAL_ADMIN_KEY, env.ANNEAL_HOME) };
  }
  try {
    const model = await ensureModel(env, o, out);
    const dataset = await ensureDataset(env, o.examples);
    const projects = await graphql<{ projects: Array<{ id: string; name: string }> }>(client, '{ projects { id name } }');
    const projectId = projects.projects.find((p) => p.name === 'demo')?.id
      ?? (await graphql<{ createProject: { id: string } }>(client, 'mutation { createProject(input: {name: "demo"}) { id } }')).createProject.id;
    const config = demoSweepConfig({ ...o, model, dataset });
    const created = await graphql<{ createSweep: { id: string; name: string } }>(client,
      'mutation($i: CreateSweepInput!) { createSweep(input: $i) { id name } }', { i: { projectId, config: JSON.stringify(config) } });
    const sweepId = created.createSweep.id;
    out(`Created sweep ${created.createSweep.name} (${sweepId}): ${o.trials} trials of bayes fine-tuning with early stopping on ${o.examples} generated reviews.`);
    out(`Follow it: npx anneal sweep watch ${sweepId}${stack ? '' : `   or the web UI's project "demo"`}`);
    if (!o.wait) {
      if (stack === null) return;
      out('The stack keeps running; press Ctrl-C to stop.');
      const signals = listenForShutdown();
      try {
        await signals.first;
        await stack.stop();
        stack = null;
      } finally {
        signals.dispose();
      }
      return;
    }
    const status = await waitForSweep(client, sweepId, out);
    await watchSweep(client, sweepId, { top: 10, once: true, out });
    const counts = await graphql<{ sweep: { trialCounts: { completed: number } } }>(client, 'query($id: ID!) { sweep(id: $id) { trialCounts { completed } } }', { id: sweepId });
    if (status !== 'COMPLETED' || counts.sweep.trialCounts.completed === 0) {
      throw new CliError('SWEEP_FAILED', `the demo sweep ended ${status} with ${counts.sweep.trialCounts.completed} completed trials; see \`anneal sweep watch ${sweepId}\` and the trials' logs`);
    }
  } finally {
    await stack?.stop();
  }
}

async function waitForSweep(client: ClientOptions, id: string, out: (s: string) => void): Promise<string> {
  let last = '';
  for (;;) {
    const { sweep } = await graphql<{ sweep: { status: string; trialCounts: Record<string, number> } }>(client,
      'query($id: ID!) { sweep(id: $id) { status trialCounts { queued running completed pruned stopped failed } } }', { id });
    const c = sweep.trialCounts;
    const line = `${sweep.status}: ${c['running']} running, ${c['completed']} completed, ${c['pruned']} stopped early, ${c['stopped']} stopped with the sweep, ${c['failed']} failed`;
    if (line !== last) out(line);
    last = line;
    if (FINAL.has(sweep.status)) return sweep.status;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
