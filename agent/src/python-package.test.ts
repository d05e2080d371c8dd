import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const PACKAGE_DIR = fileURLToPath(new URL('../python/', import.meta.url));

// The Python package's own suites (agent/python/tests), with the system python3 and the standard
// library's runner: reporting, should_stop with real signals, the shim, the pure parts of the
// integrations, and `pip install --no-deps --no-index` into a fresh venv. Suites that need a
// library (pandas, ...) are only defined where it is installed, so nothing here is ever skipped.
describe('the anneal Python package', () => {
  it('passes its unittest suites', () => {
    const r = spawnSync('python3', ['-B', '-m', 'unittest', 'discover', '-v', '-s', 'tests', '-t', '.'], {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    const output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, output);
    const ran = /Ran (\d+) tests?/.exec(output);
    assert.ok(ran !== null && Number(ran[1]) >= 30, output);
    assert.doesNotMatch(output, /skipped|expected failure/i, 'no test may be skipped');
  });
});
