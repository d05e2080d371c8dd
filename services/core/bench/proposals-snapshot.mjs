#!/usr/bin/env node
// Every proposal of the GP and EHVI samplers for a few seeds, as JSON lines, so a refactor
// that must not change behaviour can be checked byte for byte:
//   node bench/proposals-snapshot.mjs > before.jsonl   (edit, rebuild)
//   node bench/proposals-snapshot.mjs | diff before.jsonl -
// Runs through the public ask-tell session; batches of 3 exercise the running-trial paths,
// finetune spaces the categorical ones. Each run ends with the searcher state (GP caches).
import { PUBLIC } from './functions.mjs';
import { MO_FUNCTIONS } from './mo-functions.mjs';
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession } = await import(`${DIST}index.js`);
const args = process.argv.slice(2);
const flag = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const trials = Number(flag('--trials', 30));
const seeds = Number(flag('--seeds', 3));

const runs = [
  ...['branin', 'hartmann6', 'finetune_surrogate'].map((name) => ({ name, fn: PUBLIC[name][0], space: PUBLIC[name][1], metrics: { metric: { name: 'objective', goal: 'minimize' } } })),
  ...['zdt1', 'finetune_cost'].map((name) => ({ name, fn: MO_FUNCTIONS[name][0], space: MO_FUNCTIONS[name][1], metrics: { metrics: MO_FUNCTIONS[name][2].map((_, i) => ({ name: `f${i + 1}`, goal: 'minimize' })) } })),
];
// Past 60 observations the fit is reused until the history grows by a tenth: one longer run
// per sampler (seed 0, batch 1) reaches that path.
const plan = runs.flatMap((run) => [1, 3].flatMap((batch) => [...Array(seeds).keys()].map((seed) => ({ run, batch, seed, trials }))));
for (const name of ['branin', 'zdt1']) plan.push({ run: runs.find((r) => r.name === name), batch: 1, seed: 0, trials: Math.max(trials, 75) });
for (const { run, batch, seed, trials } of plan) {
  const made = createAskTellSession({ method: 'gp', parameters: run.space, ...run.metrics }, seed);
  if (!made.ok) throw new Error(JSON.stringify(made.problems));
  const s = made.session;
  let told = 0;
  while (told < trials) {
    const asked = [];
    for (let b = 0; b < Math.min(batch, trials - told); b++) asked.push(s.handle('{"op":"ask"}'));
    for (const r of asked) {
      console.log(JSON.stringify({ run: run.name, batch, seed, ...r }));
      const v = run.fn(r.params);
      const out = s.handle(JSON.stringify({ op: 'tell', trial: r.trial, ...(Array.isArray(v) ? { values: v } : { value: v }) }));
      if (out.error) throw new Error(out.error);
      told++;
    }
  }
  console.log(JSON.stringify({ run: run.name, batch, seed, ...s.handle('{"op":"state"}') }));
}
