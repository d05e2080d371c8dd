#!/usr/bin/env node
// In-process sampler benchmark (same metric as shared/bench/sampler_bench.py):
//   node bench/run-samplers.mjs --method bayes --trials 50 --seeds 10 [--set public|private|all] [--functions a,b]
import { PRIVATE, PUBLIC } from './functions.mjs';
// ANNEAL_CORE_DIST points benchmarks at a private build, so concurrent repo builds cannot swap files mid-run.
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession } = await import(`${DIST}index.js`);

const args = process.argv.slice(2);
const flag = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const method = flag('--method', 'bayes');
const trials = Number(flag('--trials', 50));
const seeds = Number(flag('--seeds', 10));
const set = flag('--set', 'public');
const extra = JSON.parse(flag('--extra', '{}'));
// Sampler variants (--gp k=v,... --tr k=v,... --tpe k=v,...) go to the session as options;
// the core's defaults are read-only.
const samplerOptions = { gp: {}, trustRegion: {}, tpe: {} };
for (const kv of (flag('--gp', '') || '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); samplerOptions.gp[k] = isNaN(Number(v)) ? v : Number(v); }
for (const kv of (flag('--tr', '') || '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); samplerOptions.trustRegion[k] = Number(v); }
for (const kv of (flag('--tpe', '') || '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); samplerOptions.tpe[k] = Number(v); }
const all = set === 'public' ? PUBLIC : set === 'private' ? PRIVATE : { ...PUBLIC, ...PRIVATE };
const names = flag('--functions', Object.keys(all).join(',')).split(',');
const cps = [10, 25, 50, 100].filter((c) => c <= trials);
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const rows = [];
for (const name of names) {
  const [fn, space, opt] = all[name];
  const per = Object.fromEntries(cps.map((c) => [c, []]));
  const times = [];
  for (let seed = 0; seed < seeds; seed++) {
    const made = createAskTellSession({ method, metric: { name: 'objective', goal: 'minimize' }, parameters: space, ...extra }, seed, { samplerOptions });
    if (!made.ok) throw new Error(JSON.stringify(made.problems));
    const s = made.session;
    let best = Infinity;
    // --batch B: B asks before their tells (parallel workers).
    const batch = Number(flag('--batch', 1));
    for (let i = 1; i <= trials; i += batch) {
      const asked = [];
      for (let k = 0; k < batch && i + k <= trials; k++) {
        const t0 = performance.now();
        const r = s.handle('{"op":"ask"}');
        const dt = performance.now() - t0;
        if (i + k > trials - 10) times.push(dt);
        if (r.error) throw new Error(r.error);
        asked.push(r);
      }
      asked.forEach((r, k) => {
        const v = fn(r.params);
        best = Math.min(best, v);
        s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: v }));
        if (per[i + k]) per[i + k].push(Math.log10(Math.max(best - opt, 1e-12)));
      });
    }
  }
  const row = { name, ...Object.fromEntries(cps.map((c) => [`@${c}`, median(per[c]).toFixed(2)])), ms: median(times).toFixed(0) };
  rows.push(row);
  console.log(JSON.stringify(row));
}
