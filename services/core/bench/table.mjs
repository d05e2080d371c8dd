// node bench/table.mjs label1 label2 ...  -> side-by-side @25/@50 table of /tmp/cmp_LABEL.jsonl
import { readFileSync, existsSync } from 'node:fs';
const labels = process.argv.slice(2);
const data = labels.map((l) => Object.fromEntries(readFileSync(`/tmp/cmp_${l}.jsonl`, 'utf8').trim().split('\n').map((x) => JSON.parse(x)).map((r) => [r.name, r])));
const optuna = {};
for (const k of ['tpe', 'tpe-mv']) {
  const f = `/tmp/optuna_private_${k}.json`;
  if (existsSync(f)) for (const [n, v] of Object.entries(JSON.parse(readFileSync(f, 'utf8')).functions)) (optuna[n] ??= {})[k] = v.median_log10_regret['50'];
}
const PUB = { branin: [-0.74, -0.87], hartmann6: [-0.24, -0.49], rosenbrock4: [0.84, 0.95], styblinski_tang5: [1.71, 1.64], ackley4: [1.03, 0.97], finetune_surrogate: [-1.18, -1.11] };
const names = Object.keys(data[0]);
console.log(['function', 'optuna best@50', ...labels.flatMap((l) => [`${l}@25`, `${l}@50`])].join('\t'));
const sums = labels.map(() => 0);
const wins = labels.map(() => 0);
for (const n of names) {
  const o = PUB[n] ? Math.min(...PUB[n]) : optuna[n] ? Math.min(optuna[n].tpe ?? Infinity, optuna[n]['tpe-mv'] ?? Infinity) : NaN;
  console.log([n.padEnd(18), Number.isFinite(o) ? o.toFixed(2) : '-', ...data.flatMap((d, i) => { const v = Number(d[n]?.['@50']); sums[i] += v; if (v < o) wins[i]++; return [d[n]?.['@25'], d[n]?.['@50']]; })].join('\t'));
}
console.log(['sum@50', '', ...sums.flatMap((s, i) => ['', s.toFixed(2)])].join('\t'));
console.log(['wins vs optuna', '', ...wins.flatMap((s) => ['', s])].join('\t'));
