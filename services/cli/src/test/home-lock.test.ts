import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startEmbeddedPostgres } from '../embedded/postgres.js';
import { CliError } from '../errors.js';

describe('the embedded database folder', () => {
  test('a second process is told who holds it instead of PGlite aborting', async () => {
    const home = mkdtempSync(join(tmpdir(), 'anneal-lock-'));
    // A live process that is not us holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(home, 'embedded.lock'), String(holder.pid));
      await assert.rejects(startEmbeddedPostgres(home), (e: unknown) =>
        e instanceof CliError && e.code === 'HOME_IN_USE' && e.message.includes(`pid ${holder.pid}`) && /set ANNEAL_HOME/.test(e.message));
    } finally {
      holder.kill();
    }
    rmSync(home, { recursive: true, force: true });
  });

  test('a lock left by a process that is gone is taken over, and released on stop', async () => {
    const home = mkdtempSync(join(tmpdir(), 'anneal-lock-'));
    writeFileSync(join(home, 'embedded.lock'), '999999999');
    const pg = await startEmbeddedPostgres(home);
    assert.ok(existsSync(join(home, 'embedded.lock')));
    await pg.stop();
    assert.equal(existsSync(join(home, 'embedded.lock')), false);
    rmSync(home, { recursive: true, force: true });
  });
});
