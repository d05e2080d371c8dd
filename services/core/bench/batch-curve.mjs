// Median log10 regret of `bayes` along the way (after 10, 15, .. trials), lock step or asynchronous
// (docs/measurements/batch-proposals.md, "The asynchronous gap is the information lag"):
//   node bench/batch-curve.mjs --fn hartmann6 --mode async|lock [--batch 8] [--trials 80] [--seeds 20] [--gp k=v,..]
// lock: `batch` asks, then their tells; async: `batch` running, the oldest told first, one ask after each tell.
import { PRIVATE, PUBLIC } from './functions.mjs';
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession } = await import(`${DIST}index.js`);
const args = process.argv.slice(2);
const flag = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const trials = Number(flag('--trials', 50)), seeds = Number(flag('--seeds', 10)), batch = Number(flag('--batch', 8));
const mode = flag('--mode', 'async');
const name = flag('--fn', 'hartmann6');
const samplerOptions = { gp: {}, trustRegion: {} };
for (const kv of (flag('--gp', '') || '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); samplerOptions.gp[k] = isNaN(Number(v)) ? v : Number(v); }
const [fn, space, opt] = { ...PUBLIC, ...PRIVATE }[name];
const checkpoints = [10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 100].filter((c) => c <= trials);
const curves = checkpoints.map(() => []);
for (let seed = 0; seed < seeds; seed++) {
  const s = createAskTellSession({ method: 'bayes', metric: { name: 'objective', goal: 'minimize' }, parameters: space }, seed, { samplerOptions }).session;
  let best = Infinity, told = 0, asked = 0; const running = []; const bests = [];
  const ask = () => { const r = s.handle('{"op":"ask"}'); if (r.error) throw new Error(r.error); running.push(r); asked++; };
  const tell = () => { const r = running.shift(); const v = fn(r.params); best = Math.min(best, v); bests.push(best); s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: v })); told++; };
  if (mode === 'async') { while (told < trials) { while (running.length < batch && asked < trials) ask(); tell(); } }
  else { while (told < trials) { for (let k = 0; k < batch && asked < trials; k++) ask(); while (running.length) tell(); } }
  checkpoints.forEach((c, i) => curves[i].push(Math.log10(Math.max(bests[c - 1] - opt, 1e-12))));
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(name, mode, batch, checkpoints.map((c, i) => `${c}:${median(curves[i]).toFixed(2)}`).join(' '));
