// Per-seed final log10 regret of `bayes` with trials in flight (docs/measurements/batch-proposals.md):
//   ANNEAL_CORE_DIST=file:///path/to/dist/ node bench/batch-seeds.mjs --functions hartmann6 --seeds 30 [--batch 8] [--async] [--gp k=v,..] [--tr k=v,..]
// Lock step (default): `batch` asks, then their tells. --async: `batch` running, one ask after each tell.
// Prints median, mean and every seed's value (FULL=1: the values at full precision, for exact comparisons);
// --curve: instead, the median log10 regret along the way (after 10, 15, .. trials).
import { PRIVATE, PUBLIC } from './functions.mjs';
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession } = await import(`${DIST}index.js`);
const args = process.argv.slice(2);
const flag = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const trials = Number(flag('--trials', 50)), seeds = Number(flag('--seeds', 10)), batch = Number(flag('--batch', 8));
const seed0 = Number(flag('--seed0', 0));
const asyncMode = args.includes('--async');
const curve = args.includes('--curve');
const checkpoints = [10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 100].filter((c) => c <= trials);
const samplerOptions = { gp: {}, trustRegion: {} };
for (const kv of (flag('--gp', '') || '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); samplerOptions.gp[k] = isNaN(Number(v)) ? v : Number(v); }
for (const kv of (flag('--tr', '') || '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); samplerOptions.trustRegion[k] = Number(v); }
const all = { ...PUBLIC, ...PRIVATE };
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const name of flag('--functions', 'hartmann6').split(',')) {
  const [fn, space, opt] = all[name];
  const finals = [];
  const along = checkpoints.map(() => []);
  for (let seed = seed0; seed < seed0 + seeds; seed++) {
    const s = createAskTellSession({ method: 'bayes', metric: { name: 'objective', goal: 'minimize' }, parameters: space }, seed, { samplerOptions }).session;
    let best = Infinity, told = 0, asked = 0;
    const bests = [];
    const running = [];
    const ask = () => { const r = s.handle('{"op":"ask"}'); if (r.error) throw new Error(r.error); running.push(r); asked++; };
    const tell = () => { const r = running.shift(); const v = fn(r.params); best = Math.min(best, v); bests.push(best); s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: v })); told++; };
    if (asyncMode) {
      while (told < trials) { while (running.length < batch && asked < trials) ask(); tell(); }
    } else {
      while (told < trials) { for (let k = 0; k < batch && asked < trials; k++) ask(); while (running.length) tell(); }
    }
    finals.push(Math.log10(Math.max(best - opt, 1e-12)));
    checkpoints.forEach((c, i) => along[i].push(Math.log10(Math.max(bests[c - 1] - opt, 1e-12))));
  }
  if (curve) { console.log(name, asyncMode ? 'async' : 'lock', batch, checkpoints.map((c, i) => `${c}:${median(along[i]).toFixed(2)}`).join(' ')); continue; }
  if (process.env.FULL) console.log(name, JSON.stringify(finals)); else console.log(name, 'median', median(finals).toFixed(2), 'mean', (finals.reduce((a, b) => a + b, 0) / finals.length).toFixed(2), finals.map((x) => x.toFixed(1)).join(' '));
}
