import { createAskTellSession } from '../dist/index.js';
import { PUBLIC, PRIVATE } from './functions.mjs';
const name = process.argv[2] ?? 'branin';
const [fn, space, opt] = { ...PUBLIC, ...PRIVATE }[name];
const s = createAskTellSession({ method: process.env.M ?? 'gp', metric: { name: 'o', goal: 'minimize' }, parameters: space }, Number(process.argv[3] ?? 0)).session;
let best = Infinity;
for (let i = 0; i < 50; i++) {
  const r = s.handle('{"op":"ask"}');
  const v = fn(r.params);
  best = Math.min(best, v);
  s.handle(JSON.stringify({ op: 'tell', trial: r.trial, value: v }));
  const gp = s.state().gp;
  console.log(i, JSON.stringify(r.params, (k, x) => (typeof x === 'number' ? +x.toFixed(3) : x)), v.toFixed(3), 'best', Math.log10(best - opt).toFixed(2), gp ? `ls=${gp.logLs.map((l) => Math.exp(l).toFixed(2))} s=${Math.exp(gp.logSignal).toFixed(2)} n=${Math.exp(gp.logNoise).toExponential(1)}` : '');
}
