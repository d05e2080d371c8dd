#!/usr/bin/env node
// Multi-objective sampler benchmark in-process: median hypervolume after N trials and the
// median ms per ask at the end of the run.
//   node bench/mo-run.mjs [--method bayes] [--functions zdt1,dtlz2] [--trials 60] [--seeds 10]
//        [--options '{"mo":{"gpModel":"parego"}}'] [--batch 1]
// With --trials 200 it also prints the median ask time over trials 50-59, 100-109 and 190-199.
import { MO_FUNCTIONS } from './mo-functions.mjs';
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession, hypervolume } = await import(`${DIST}index.js`);
const args = process.argv.slice(2);
const flag = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const method = flag('--method', 'bayes');
const trials = Number(flag('--trials', 60));
const seeds = Number(flag('--seeds', 10));
const batch = Number(flag('--batch', 1));
const samplerOptions = JSON.parse(flag('--options', '{}'));
const names = flag('--functions', 'zdt1,dtlz2,finetune_cost').split(',');
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const name of names) {
  const [fn, space, ref] = MO_FUNCTIONS[name];
  const metrics = ref.map((_, i) => ({ name: `f${i + 1}`, goal: 'minimize' }));
  const hvs = [];
  const askMs = [];
  const windows = new Map([[50, []], [100, []], [190, []]]);
  for (let seed = 0; seed < seeds; seed++) {
    const created = createAskTellSession({ method, metrics, parameters: space }, seed, { samplerOptions });
    if (!created.ok) throw new Error(JSON.stringify(created.problems));
    const s = created.session;
    const values = [];
    while (values.length < trials) {
      const asked = [];
      for (let b = 0; b < Math.min(batch, trials - values.length); b++) {
        const t0 = performance.now();
        asked.push(s.handle('{"op":"ask"}'));
        const ms = performance.now() - t0;
        const index = values.length + b;
        if (index >= trials - 10) askMs.push(ms);
        for (const [from, list] of windows) if (index >= from && index < from + 10) list.push(ms);
      }
      for (const r of asked) {
        const v = fn(r.params);
        const out = s.handle(JSON.stringify({ op: 'tell', trial: r.trial, values: v }));
        if (out.error) throw new Error(out.error);
        values.push(v);
      }
    }
    hvs.push(hypervolume(values, ref));
  }
  const timing = [...windows].filter(([from]) => from + 10 <= trials).map(([from, list]) => `asks ${from}-${from + 9}: ${median(list).toFixed(0)} ms`).join(', ');
  if (trials >= 200) console.log(`${name} ask time (median): ${timing}`);
  console.log(`${name}: median HV ${median(hvs).toFixed(4)} (min ${Math.min(...hvs).toFixed(3)}, max ${Math.max(...hvs).toFixed(3)}), last-10 asks median ${median(askMs).toFixed(0)} ms  [${method} ${JSON.stringify(samplerOptions)} batch ${batch}]`);
}
