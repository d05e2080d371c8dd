// Multi-objective test functions (minimize every objective) for bench/mo-run.mjs: the three of
// shared/bench/mo_bench.py, ported, plus a few more shapes of front (concave, disconnected,
// three objectives) to check a method does not suit only those three.
import { PUBLIC } from './functions.mjs';

const u = (min, max) => ({ distribution: 'uniform', min, max });
const box = (n) => Object.fromEntries([...Array(n).keys()].map((i) => [`x${i + 1}`, u(0, 1)]));
const xs = (p, n) => [...Array(n).keys()].map((i) => p[`x${i + 1}`]);
const zdtG = (x) => 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
const finetune = PUBLIC.finetune_surrogate[0];

export const MO_FUNCTIONS = {
  // name: [fn, space, reference point]
  zdt1: [(p) => { const x = xs(p, 6); const g = zdtG(x); return [x[0], g * (1 - Math.sqrt(x[0] / g))]; }, box(6), [1.1, 6.0]],
  dtlz2: [(p) => { const x = xs(p, 6); const g = x.slice(1).reduce((s, v) => s + (v - 0.5) ** 2, 0); return [(1 + g) * Math.cos((x[0] * Math.PI) / 2), (1 + g) * Math.sin((x[0] * Math.PI) / 2)]; }, box(6), [2.5, 2.5]],
  finetune_cost: [(p) => [finetune(p), p.epochs * (0.15 + 1.2 / Math.sqrt(p.batch_size))], { ...PUBLIC.finetune_surrogate[1] }, [3.0, 12.0]],
  zdt2: [(p) => { const x = xs(p, 5); const g = zdtG(x); return [x[0], g * (1 - (x[0] / g) ** 2)]; }, box(5), [1.1, 6.0]],
  zdt3: [(p) => { const x = xs(p, 5); const g = zdtG(x); const r = x[0] / g; return [x[0], g * (1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * x[0]))]; }, box(5), [1.1, 6.0]],
  dtlz2_3d: [(p) => { const x = xs(p, 6); const g = x.slice(2).reduce((s, v) => s + (v - 0.5) ** 2, 0); const a = (x[0] * Math.PI) / 2, b = (x[1] * Math.PI) / 2; return [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)]; }, box(6), [2.0, 2.0, 2.0]],
  vlmop2: [(p) => { const x = xs(p, 4).map((v) => 4 * v - 2); const s = 1 / Math.sqrt(4); return [1 - Math.exp(-x.reduce((t, v) => t + (v - s) ** 2, 0)), 1 - Math.exp(-x.reduce((t, v) => t + (v + s) ** 2, 0))]; }, box(4), [1.1, 1.1]],
};
