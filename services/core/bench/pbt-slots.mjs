// PBT with fewer slots than members (docs/measurements/pbt-slots.md):
//   ANNEAL_CORE_DIST=file:///path/to/dist/ node bench/pbt-slots.mjs [--slots 3] [--population 8] [--seeds 20] [--steps 24]
// Round-robin training on a loss that the learning rate decides (best at 1e-2); a freed slot goes to the next ask.
// Prints, over seeds: the best completed loss of the lineages that started first, the worst completed loss of
// those that started after a completion, and in how many seeds the latter is more than 0.3 worse.
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { initSearcher, searcherStep } = await import(`${DIST}searcher/searcher.js`);
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
  let state = initSearcher(c, seed);
  const active = new Map();
  const late = new Set();
  const finals = [];
  const fill = () => {
    while (active.size < slots) {
      const out = searcherStep(c, state, { type: 'request', count: 1 });
      state = out.state;
      const a = out.actions.find((x) => x.type === 'create');
      if (!a) return;
      active.set(a.trial, a.restore?.step ?? 0);
      if (finals.length > 0) late.add(a.trial);
    }
  };
  fill();
  for (let round = 0; active.size > 0 && round < 10_000; round++) {
    for (const [trial, at] of [...active]) {
      const step = at + 1;
      active.set(trial, step);
      const value = loss(state.trials[trial].params, step);
      if (step >= steps) {
        state = searcherStep(c, state, { type: 'finished', trial, state: 'completed', value }).state;
        active.delete(trial);
        finals.push([late.has(trial), value]);
      } else {
        const out = searcherStep(c, state, { type: 'report', trial, step, value, checkpoint: true });
        state = out.state;
        if (!out.actions.some((a) => a.type === 'stop')) continue;
        state = searcherStep(c, state, { type: 'finished', trial, state: 'pruned' }).state;
        active.delete(trial);
      }
      fill();
    }
  }
  const early = Math.min(...finals.filter(([l]) => !l).map(([, v]) => v));
  const lateWorst = Math.max(...finals.filter(([l]) => l).map(([, v]) => v));
  rows.push({ early, lateWorst, trials: Object.keys(state.trials).length });
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`slots ${slots} population ${population} seeds ${seeds}: early best ${median(rows.map((r) => r.early)).toFixed(3)}, late worst ${median(rows.map((r) => r.lateWorst)).toFixed(3)}, trials ${median(rows.map((r) => r.trials))}, seeds with a late lineage > 0.3 behind: ${rows.filter((r) => r.lateWorst > r.early + 0.3).length}`);
