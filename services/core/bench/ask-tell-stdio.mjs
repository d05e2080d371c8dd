#!/usr/bin/env node
// Benchmark wrapper: `anneal ask-tell` without the CLI (which needs every package built).
// Usage: node services/core/bench/ask-tell-stdio.mjs --config FILE --seed N
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createAskTellSession } from '../dist/index.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const path = flag('--config');
if (!path) {
  process.stderr.write('usage: ask-tell-stdio.mjs --config FILE [--seed N]\n');
  process.exit(2);
}
const created = createAskTellSession(readFileSync(path, 'utf8'), Number(flag('--seed') ?? 0));
if (!created.ok) {
  process.stderr.write(`invalid config: ${JSON.stringify(created.problems)}\n`);
  process.exit(2);
}
const session = created.session;
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  process.stdout.write(`${JSON.stringify(session.handle(line))}\n`);
}
