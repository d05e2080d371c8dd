import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const PACKAGE_DIR = fileURLToPath(new URL('../python/', import.meta.url));

// The Python package's own suites (agent/python/tests), with the system python3 and the standard
// library's runner: reporting, should_stop with real signals, the shim, the pure parts of the
// integrations, and `pip install --no-deps --no-index` into a fresh venv. Suites that need a
// library (pandas, ...) are only defined where it is installed, so nothing here is ever skipped.
function runSuites(python: string): string {
  const r = spawnSync(python, ['-B', '-m', 'unittest', 'discover', '-v', '-s', 'tests', '-t', '.'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, output);
  const ran = /Ran (\d+) tests?/.exec(output);
  assert.ok(ran !== null && Number(ran[1]) >= 30, output);
  assert.doesNotMatch(output, /skipped|expected failure/i, 'no test may be skipped');
  return output;
}

// A Python with torch, transformers, peft and Lightning (.ci/run makes one where a wheel mirror
// offers them): the integration suites then train for real on the CPU.
const mlPython = process.env['ANNEAL_TEST_ML_PYTHON'];

describe('the anneal Python package', () => {
  it('passes its unittest suites', () => {
    runSuites('python3');
  });
  if (mlPython !== undefined && mlPython !== '') {
    it(`passes them with the ML libraries too (${mlPython}), the integration suites included`, () => {
      const output = runSuites(mlPython);
      for (const suite of ['HuggingFaceLoRA', 'LightningCallback']) assert.match(output, new RegExp(`\\.${suite}\\.test_\\w+\\) \\.\\.\\. ok`), `${suite} did not run: ${output.slice(-2000)}`);
    });
  }
});
