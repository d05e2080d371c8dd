// Noisy objectives: regret of the trial with the best *observed* value, measured on the true function.
import { PUBLIC } from './functions.mjs';
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession, Rng } = await import(`${DIST}index.js`);
const cases = [['branin', 2], ['hartmann6', 0.1], ['finetune_surrogate', 0.05], ['rosenbrock4', 20]];
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
for (const method of ['random', 'tpe', 'bayes']) {
  const row = [];
  for (const [name, sd] of cases) {
    const [fn, space, opt] = PUBLIC[name];
    const regrets = [];
    for (let seed = 0; seed < 8; seed++) {
      const s = createAskTellSession({ method, metric: { name: 'o', goal: 'minimize' }, parameters: space }, seed).session;
      const noise = Rng.fromSeed(1000 + seed);
      let bestObs = Infinity, bestTrue = Infinity;
      for (let i = 0; i < 50; i++) {
        const r = s.handle('{"op":"ask"}');
        const t = fn(r.params), v = t + sd * noise.normal();
        if (v < bestObs) { bestObs = v; bestTrue = t; }
        s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: v }));
      }
      regrets.push(Math.log10(Math.max(bestTrue - opt, 1e-12)));
    }
    row.push(`${name}(sd ${sd}) ${median(regrets).toFixed(2)}`);
  }
  console.log(method.padEnd(7), row.join('  '));
}
