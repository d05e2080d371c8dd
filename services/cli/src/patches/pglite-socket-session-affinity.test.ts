import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkPatchedVersion, installedPgliteSocketVersion, PatchMismatchError, PGLITE_SOCKET_VERSION } from './pglite-socket-session-affinity.js';

// The patch's behaviour is tested end to end: e2e/src/embedded-postgres.test.ts,
// "extended-protocol exchanges of different connections never cross".
describe('the pglite-socket session-affinity patch', () => {
  it('is written for the installed version, which package.json pins exactly', () => {
    assert.equal(installedPgliteSocketVersion(), PGLITE_SOCKET_VERSION);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies['@electric-sql/pglite-socket'], PGLITE_SOCKET_VERSION);
    assert.doesNotThrow(() => checkPatchedVersion());
  });

  it('refuses another version, saying what to review', () => {
    assert.throws(() => checkPatchedVersion('0.3.0'), (e: unknown) => {
      assert.ok(e instanceof PatchMismatchError);
      assert.equal(e.code, 'PATCH_MISMATCH');
      assert.equal(e.installed, '0.3.0');
      assert.match(e.message, /@electric-sql\/pglite-socket 0\.3\.0 is installed, but services\/cli\/src\/patches\/pglite-socket-session-affinity\.ts patches .* of 0\.2\.17/);
      assert.match(e.message, /electric-sql\/pglite#1046/);
      assert.match(e.message, /extended-protocol exchanges of different connections never cross/);
      return true;
    });
  });
});
