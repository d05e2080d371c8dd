import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ReportParser } from './reports.js';

const HELPER_DIR = fileURLToPath(new URL('../python/', import.meta.url));

// The same calls through the old one-file helper's name (now a shim) and through the package.
const SCRIPT = (module: string): string => `
import sys; sys.path.insert(0, sys.argv[1])
${module}
class Scalar:  # stands in for a tensor or numpy scalar
    def __float__(self): return 0.25
anneal.report(step=3, loss=Scalar(), epoch=2)
anneal.report(acc=float('nan'))
anneal.save_checkpoint(3)
print('params', anneal.params()['optim']['lr'])
print('dirs', anneal.checkpoint_dir(), anneal.restore_dir(), anneal.restore_step(), anneal.trial_id())
try:
    anneal.report(step=1, name='x')
except TypeError as e:
    print('refused', e)
`;

describe('the Python reporting helper', () => {
  for (const module of ['import anneal_report as anneal', 'import anneal']) it(`writes lines the agent parses, and reads the environment the agent sets (${module})`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anneal-helper-'));
    try {
      const env = { PATH: process.env['PATH'], ANNEAL_PARAMS: '{"optim":{"lr":0.01}}', ANNEAL_CHECKPOINT_DIR: join(dir, 'ck'), ANNEAL_TRIAL_ID: 't-1' };
      const r = spawnSync('python3', ['-B', '-c', SCRIPT(module), HELPER_DIR], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      const parser = new ReportParser();
      const parsed = lines.slice(0, 3).map((l) => parser.parse(l, 1));
      assert.deepEqual(parsed[0], {
        kind: 'report',
        points: [
          { key: 'loss', step: 3, value: 0.25, t: 1 },
          { key: 'epoch', step: 3, value: 2, t: 1 },
        ],
        warnings: [],
      });
      // NaN goes out as null: the agent drops that field with a warning instead of the line.
      assert.ok(parsed[1]!.kind === 'report' && parsed[1]!.points.length === 0 && parsed[1]!.warnings.length === 1);
      assert.deepEqual(parsed[2], { kind: 'report', points: [], warnings: [], checkpoint: { step: 3 } });
      assert.equal(lines[3], 'params 0.01');
      assert.equal(lines[4], `dirs ${join(dir, 'ck')} None None t-1`);
      assert.match(lines[5] ?? '', /^refused metric 'name' must be a number, got str/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('report_infeasible writes the line that marks a trial infeasible, and no metric point', () => {
    const script = 'import sys; sys.path.insert(0, sys.argv[1])\nimport anneal\nanneal.report(loss=1)\nanneal.report_infeasible()';
    const r = spawnSync('python3', ['-B', '-c', script, HELPER_DIR], { env: { PATH: process.env['PATH'] }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const parser = new ReportParser();
    const [, line] = r.stdout.trimEnd().split('\n').map((l) => parser.parse(l, 1));
    assert.deepEqual(line, { kind: 'report', points: [], warnings: [], infeasible: true });
  });
});
