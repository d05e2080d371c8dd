#!/usr/bin/env node
// Time per ask as the history grows: node bench/ask-timing.mjs [trials] [functions]
import { PRIVATE, PUBLIC } from './functions.mjs';
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession } = await import(`${DIST}index.js`);
const trials = Number(process.argv[2] ?? 200);
const all = { ...PUBLIC, ...PRIVATE };
const names = (process.argv[3] ?? 'hartmann6,finetune_surrogate,ellipsoid8,mixed_llm').split(',');
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
for (const name of names) {
  const [fn, space] = all[name];
  const s = createAskTellSession({ method: 'bayes', metric: { name: 'o', goal: 'minimize' }, parameters: space }, 0).session;
  const times = [];
  for (let i = 0; i < trials; i++) {
    const t0 = performance.now();
    const r = s.handle('{"op":"ask"}');
    times.push(performance.now() - t0);
    s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: fn(r.params) }));
  }
  const last = times.slice(-20);
  console.log(`${name} (d=${Object.keys(space).length}) asks ${trials - 19}-${trials}: median ${pct(last, 0.5).toFixed(0)} ms, p90 ${pct(last, 0.9).toFixed(0)} ms, max ${Math.max(...last).toFixed(0)} ms; slowest ask overall ${Math.max(...times).toFixed(0)} ms`);
}
