// JS ports of shared/bench/functions.py (public) and a private set of other shapes, for
// fast in-process tuning runs. The Python harness stays the reference for reported figures.
const u = (min, max) => ({ distribution: 'uniform', min, max });
const range = (n) => [...Array(n).keys()];

function branin(p) {
  const { x1, x2 } = p;
  const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}
const H6A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H6P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const HA = [1.0, 1.2, 3.0, 3.2];
function hartmann6(p) {
  const x = range(6).map((i) => p[`x${i + 1}`]);
  let total = 0;
  for (let i = 0; i < 4; i++) total += HA[i] * Math.exp(-x.reduce((s, v, j) => s + H6A[i][j] * (v - H6P[i][j] * 1e-4) ** 2, 0));
  return -total;
}
const H3A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]];
const H3P = [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]];
function hartmann3(p) {
  const x = range(3).map((i) => p[`x${i + 1}`]);
  let total = 0;
  for (let i = 0; i < 4; i++) total += HA[i] * Math.exp(-x.reduce((s, v, j) => s + H3A[i][j] * (v - H3P[i][j] * 1e-4) ** 2, 0));
  return -total;
}
const xs = (p, n) => range(n).map((i) => p[`x${i + 1}`]);
const rosenbrock = (n) => (p) => { const x = xs(p, n); let s = 0; for (let i = 0; i < n - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2; return s; };
const styblinski = (n) => (p) => xs(p, n).reduce((s, v) => s + v ** 4 - 16 * v ** 2 + 5 * v, 0) / 2;
const ackley = (n) => (p) => { const x = xs(p, n); const s1 = x.reduce((s, v) => s + v * v, 0) / n; const s2 = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / n; return -20 * Math.exp(-0.2 * Math.sqrt(s1)) - Math.exp(s2) + 20 + Math.E; };
const OPT_LR = { sgd: 0.05, adam: 3e-4, adamw: 5e-4 };
function finetune(p) {
  const opt = p.optimizer, bs = p.batch_size;
  const bestLr = OPT_LR[opt] * Math.sqrt(bs / 32);
  let loss = 0.5 * (Math.log10(p.learning_rate) - Math.log10(bestLr)) ** 2;
  loss += { sgd: 0.08, adam: 0.02, adamw: 0 }[opt];
  const wd = opt === 'adamw' ? 1e-2 : 1e-5;
  loss += 0.05 * (Math.log10(p.weight_decay) - Math.log10(wd)) ** 2;
  const bd = 0.05 + 0.04 * Math.max(0, p.epochs - 3);
  loss += 2 * (p.dropout - Math.min(bd, 0.5)) ** 2 + 0.03 * Math.abs(p.epochs - 5) + 1.5 * (p.warmup_ratio - 0.06) ** 2;
  return 0.3 + loss;
}
const box = (n, lo, hi) => Object.fromEntries(range(n).map((i) => [`x${i + 1}`, u(lo, hi)]));

export const PUBLIC = {
  branin: [branin, { x1: u(-5, 10), x2: u(0, 15) }, 0.397887357729738],
  hartmann6: [hartmann6, box(6, 0, 1), -3.32236801141551],
  rosenbrock4: [rosenbrock(4), box(4, -2, 2), 0],
  styblinski_tang5: [styblinski(5), box(5, -5, 5), -39.16616570377142 * 5],
  ackley4: [ackley(4), box(4, -32.768, 32.768), 0],
  finetune_surrogate: [finetune, {
    learning_rate: { distribution: 'log_uniform_values', min: 1e-6, max: 1e-1 },
    batch_size: { values: [8, 16, 32, 64, 128] },
    optimizer: { values: ['sgd', 'adam', 'adamw'] },
    weight_decay: { distribution: 'log_uniform_values', min: 1e-6, max: 1e-1 },
    dropout: u(0, 0.5),
    epochs: { distribution: 'int_uniform', min: 1, max: 10 },
    warmup_ratio: u(0, 0.2),
  }, 0.3],
};

// Private shapes: not used to tune anything by hand beyond checking generalization.
function levy(n) {
  return (p) => {
    const w = xs(p, n).map((v) => 1 + (v - 1) / 4);
    let s = Math.sin(Math.PI * w[0]) ** 2;
    for (let i = 0; i < n - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
    return s + (w[n - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[n - 1]) ** 2);
  };
}
const sixHump = (p) => { const { x1: a, x2: b } = p; return (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b; };
const griewank = (n) => (p) => { const x = xs(p, n); return 1 + x.reduce((s, v) => s + v * v / 4000, 0) - x.reduce((s, v, i) => s * Math.cos(v / Math.sqrt(i + 1)), 1); };
const michalewicz = (n) => (p) => -xs(p, n).reduce((s, v, i) => s + Math.sin(v) * Math.sin(((i + 1) * v * v) / Math.PI) ** 20, 0);
const rotatedEllipsoid = (n) => (p) => { const x = xs(p, n); let s = 0; for (let i = 0; i < n; i++) { let t = 0; for (let j = 0; j <= i; j++) t += x[j] - 0.3; s += t * t; } return s; };
const dixonPrice = (n) => (p) => { const x = xs(p, n); let s = (x[0] - 1) ** 2; for (let i = 1; i < n; i++) s += (i + 1) * (2 * x[i] ** 2 - x[i - 1]) ** 2; return s; };
function mixedNet(p) {
  // A made-up LLM fine-tune surface with log-scale lr, an int, two categoricals, a bool.
  const lrBest = { lora: 2e-4, full: 2e-5 }[p.method] * (p.rank / 16) ** -0.25;
  let l = 0.8 * (Math.log10(p.lr) - Math.log10(lrBest)) ** 2;
  l += p.method === 'full' ? 0.02 : 0.05 * Math.abs(Math.log2(p.rank / 32)) / 3;
  l += { cosine: 0, linear: 0.03, constant: 0.1 }[p.schedule];
  l += p.grad_ckpt ? 0 : 0.01;
  l += 3 * (p.label_smoothing - 0.1) ** 2;
  return 1.2 + l;
}
const qBowl = (p) => (p.a - 7) ** 2 / 25 + (Math.log2(p.b) - 5) ** 2 / 9 + Math.abs(p.c - 0.35) * 2 + (p.d === 'y' ? 0 : 0.3);
const powell = (p) => { const x = xs(p, 4); return (x[0] + 10 * x[1]) ** 2 + 5 * (x[2] - x[3]) ** 2 + (x[1] - 2 * x[2]) ** 4 + 10 * (x[0] - x[3]) ** 4; };

export const PRIVATE = {
  levy3: [levy(3), box(3, -10, 10), 0],
  six_hump: [sixHump, { x1: u(-3, 3), x2: u(-2, 2) }, -1.0316284534898774],
  hartmann3: [hartmann3, box(3, 0, 1), -3.86278214782076],
  griewank5: [griewank(5), box(5, -20, 30), 0],
  michalewicz4: [michalewicz(4), box(4, 0, Math.PI), -3.6988571],
  ellipsoid8: [rotatedEllipsoid(8), box(8, -1, 1), 0],
  dixon_price6: [dixonPrice(6), box(6, -10, 10), 0],
  powell4: [powell, box(4, -4, 5), 0],
  mixed_llm: [mixedNet, {
    lr: { distribution: 'log_uniform_values', min: 1e-6, max: 1e-2 },
    rank: { values: [4, 8, 16, 32, 64, 128] },
    method: { values: ['lora', 'full'] },
    schedule: { values: ['constant', 'linear', 'cosine'] },
    grad_ckpt: { values: [true, false] },
    label_smoothing: u(0, 0.3),
  }, 1.2],
  q_bowl: [qBowl, {
    a: { distribution: 'int_uniform', min: 0, max: 20 },
    b: { distribution: 'q_log_uniform_values', min: 1, max: 1024, q: 1 },
    c: { distribution: 'q_uniform', min: 0, max: 1, q: 0.05 },
    d: { values: ['x', 'y', 'z'] },
  }, 0],
};

// Purely categorical: 6 choices with 3-5 levels, additive effects plus one interaction.
const CAT_EFFECTS = [[0.3, 0, 0.5], [0.2, 0.4, 0, 0.1], [0, 0.6, 0.3, 0.2, 0.5], [0.15, 0, 0.3], [0.4, 0.1, 0.2, 0], [0, 0.25, 0.5, 0.35]];
function catOnly(p) {
  let s = 0;
  for (let i = 0; i < 6; i++) s += CAT_EFFECTS[i][['a', 'b', 'c', 'd', 'e'].indexOf(p[`c${i}`])];
  if (p.c0 === 'b' && p.c4 !== 'd') s += 0.3;
  return s;
}
PRIVATE.cat_only = [catOnly, Object.fromEntries(CAT_EFFECTS.map((e, i) => [`c${i}`, { values: ['a', 'b', 'c', 'd', 'e'].slice(0, e.length) }])), 0];
