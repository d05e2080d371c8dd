#!/usr/bin/env node
// A stand-in for a fine-tuning script: no dependencies, runs in seconds, and reports the way a
// real trainer would (one `@anneal {...}` line per epoch). Its loss surface has a clear optimum
// (lr near 3e-4, moderate dropout) so a sweep's leaderboard is easy to check by eye.
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const lr = Number(args.learning_rate ?? 1e-3);
const dropout = Number(args.dropout ?? 0.1);
const epochs = Number(args.epochs ?? 8);
const optimizer = args.optimizer ?? 'adamw';

const lrPenalty = (Math.log10(lr) + 3.5) ** 2 / 2;
const dropoutPenalty = (dropout - 0.15) ** 2 * 4;
const optimizerBonus = { adamw: 0, adam: 0.03, sgd: 0.2 }[optimizer] ?? 0.1;
const floor = 0.25 + lrPenalty + dropoutPenalty + optimizerBonus;

for (let epoch = 0; epoch < epochs; epoch++) {
  const noise = (Math.sin(epoch * 12.9898 + lr * 78.233) * 43758.5453) % 1 * 0.01;
  const loss = floor + 1.5 * Math.exp(-(epoch + 1) * 0.6) + noise;
  console.log(`epoch ${epoch}: training…`);
  console.log(`@anneal ${JSON.stringify({ step: epoch, val_loss: loss, accuracy: Math.max(0, 1 - loss / 3) })}`);
  await new Promise((r) => setTimeout(r, 150));
}
