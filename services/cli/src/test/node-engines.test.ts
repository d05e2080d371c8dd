import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

/** The Node version the README promises, e.g. "20.19". */
function readmeMinimum(): string {
  const m = /Requires Node\.js ≥ (\d+\.\d+)/.exec(readFileSync(join(root, 'README.md'), 'utf8'));
  assert.ok(m, 'README states "Requires Node.js ≥ X.Y"');
  return m[1]!;
}

const parts = (v: string): number[] => v.split('.').map((x) => Number.parseInt(x, 10) || 0);
const cmp = (a: number[], b: number[]): number => {
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/**
 * Whether an `engines.node` range admits `version`. Only the forms npm packages use here:
 * alternatives joined by `||`, each `>=x.y.z`, `^x.y.z`, `x` (a major) or `*`.
 */
export function admits(range: string, version: string): boolean {
  const v = parts(version);
  return range.split('||').map((s) => s.trim()).some((alt) => {
    if (alt === '*' || alt === '') return true;
    const ge = /^>=\s*v?([\d.]+)$/.exec(alt);
    if (ge) return cmp(v, parts(ge[1]!)) >= 0;
    const caret = /^\^\s*v?([\d.]+)$/.exec(alt);
    if (caret) { const min = parts(caret[1]!); return v[0] === min[0] && cmp(v, min) >= 0; }
    if (/^\d+$/.test(alt)) return v[0] === Number(alt);
    if (/^\d+\.x$/.test(alt)) return v[0] === Number(alt.slice(0, -2));
    return true; // a form we do not read: not this test's business
  });
}

test('the engines fields say what the README says', () => {
  const min = readmeMinimum();
  for (const path of ['package.json', 'services/cli/package.json']) {
    assert.equal((readJson(path).engines as { node?: string } | undefined)?.node, `>=${min}`, `${path} engines.node`);
  }
});

test('no package Anneal runs with asks for a newer Node than the README states', () => {
  const min = readmeMinimum();
  const packages = readJson('package-lock.json').packages as Record<string, { dev?: boolean; engines?: { node?: string } | string[]; version?: string }>;
  const tooNew = Object.entries(packages)
    .filter(([path, p]) => path.includes('node_modules/') && !p.dev)
    .filter(([, p]) => !Array.isArray(p.engines) && typeof p.engines?.node === 'string' && !admits(p.engines.node, `${min}.0`))
    .map(([path, p]) => `${path}@${p.version ?? '?'} wants node ${(p.engines as { node: string }).node}`);
  assert.deepEqual(tooNew, []);
});

test('the range reader reads the forms the lockfile uses', () => {
  assert.equal(admits('>=22.15.0', '20.19.0'), false);
  assert.equal(admits('>=16.0.0', '20.19.0'), true);
  assert.equal(admits('^18.18.0 || ^20.9.0 || >=21.1.0', '20.19.0'), true);
  assert.equal(admits('^20.19.0 || ^22.13.0 || >=24', '20.19.0'), true);
  assert.equal(admits('18 || 20 || >=22', '20.19.0'), true);
  assert.equal(admits('^22.12.0', '20.19.0'), false);
});
