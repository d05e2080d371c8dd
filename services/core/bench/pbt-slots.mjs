// PBT with fewer slots than members (docs/measurements/pbt-slots.md):
//   ANNEAL_CORE_DIST=file:///path/to/dist/ node bench/pbt-slots.mjs [--slots 3] [--population 8] [--seeds 20] [--steps 24]
// Round-robin training on a loss that the learning rate decides (best at 1e-2); a freed slot goes to the next ask.
// Prints, over seeds: the best completed loss of the lineages that started first, the worst completed loss of
// those that started after a completion, and in how many seeds the latter is more than 0.3 worse.
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { pbtRounds } = await import(`${DIST}testing/pbt-rounds.js`);
const { parseSweepConfig } = await import(`${DIST}index.js`);
const args = process.argv.slice(2);
const flag = (n, d) => { const i = args.indexOf(n); return i >= 0 ? Number(args[i + 1]) : d; };
const slots = flag('--slots', 3), population = flag('--population', 8), seeds = flag('--seeds', 20), steps = flag('--steps', 24);
const parameters = { lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1 }, momentum: { distribution: 'uniform', min: 0, max: 0.95 } };
const parsed = parseSweepConfig({ method: 'pbt', metric: { name: 'loss', goal: 'minimize' }, parameters, max_concurrent: slots, pbt: { population_size: population, interval: 4 } });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems ?? parsed));
const c = parsed.config;
const loss = (p, step) => Math.abs(Math.log10(p.lr) + 2) + 1 / step;
const rows = [];
for (let seed = 0; seed < seeds; seed++) {
  const { state, finals } = pbtRounds(c, { seed, steps, loss });
  const early = Math.min(...finals.filter((f) => !f.late).map((f) => f.value));
  const lateWorst = Math.max(...finals.filter((f) => f.late).map((f) => f.value));
  rows.push({ early, lateWorst, trials: Object.keys(state.trials).length });
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`slots ${slots} population ${population} seeds ${seeds}: early best ${median(rows.map((r) => r.early)).toFixed(3)}, late worst ${median(rows.map((r) => r.lateWorst)).toFixed(3)}, trials ${median(rows.map((r) => r.trials))}, seeds with a late lineage > 0.3 behind: ${rows.filter((r) => r.lateWorst > r.early + 0.3).length}`);
