#!/usr/bin/env node
// Benchmark wrapper: `anneal ask-tell` without the CLI (which needs every package built).
// Usage: node services/core/bench/ask-tell-stdio.mjs --config FILE --seed N
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
// ANNEAL_CORE_DIST points benchmarks at a private build, so concurrent repo builds cannot swap files mid-run.
const DIST = process.env.ANNEAL_CORE_DIST ?? new URL('../dist/', import.meta.url).href;
const { createAskTellSession } = await import(`${DIST}index.js`);

// Benchmark-only knobs: ANNEAL_KNOBS='{"module path under dist": {"EXPORT": {key: value}}}'.
if (process.env.ANNEAL_KNOBS) {
  for (const [mod, exportsToSet] of Object.entries(JSON.parse(process.env.ANNEAL_KNOBS))) {
    const m = await import(`${DIST}${mod}`);
    for (const [name, values] of Object.entries(exportsToSet)) Object.assign(m[name], values);
  }
}
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
