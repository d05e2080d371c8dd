import { freePort } from '@anneal/cli/embedded';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';

const ANNEAL_BIN = fileURLToPath(new URL('../../services/cli/bin/anneal.js', import.meta.url));

/** Runs the CLI as a user would; async, so nothing here blocks while it works. */
function anneal(args: string[], env: NodeJS.ProcessEnv, timeout = 180_000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ANNEAL_BIN, ...args], { env: { ...process.env, ...env }, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

describe('anneal pretrain and anneal demo', () => {
  let home: string;
  let db: TestDatabase;
  const namespace = `d${randomBytes(5).toString('hex')}`;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'anneal-demo-'));
    db = await createTestDatabase('demo');
  });
  after(async () => {
    await db.drop();
    rmSync(home, { recursive: true, force: true });
  });

  test('pretrain refuses a shape it cannot build, before any work', async () => {
    const r = await anneal(['pretrain', '--width', '10', '--heads', '4', '--out', join(home, 'bad')], { ANNEAL_HOME: home });
    assert.equal(r.code, 1);
    assert.match(r.err, /--width 10 must be divisible by --heads 4/);
    assert.equal(existsSync(join(home, 'bad')), false);
  });

  test('pretrain saves a base model, and demo --wait fine-tunes it in a sweep that completes', async () => {
    const model = join(home, 'tiny');
    const p = await anneal(['pretrain', '--out', model, '--steps', '4', '--width', '16', '--layers', '2', '--heads', '2', '--ff', '32', '--corpus-size', '400', '--backend', 'wasm'], { ANNEAL_HOME: home });
    assert.equal(p.code, 0, p.err);
    assert.match(p.out, /saved .*model\.json: \d+ parameters, validation loss/);

    const port = await freePort();
    const env = { ANNEAL_HOME: home, DATABASE_URL: db.url, NATS_URL: '', ANNEAL_NAMESPACE: namespace, ANNEAL_API_PORT: String(port), ANNEAL_SERVER: '' };
    const r = await anneal(['demo', '--wait', '--model', join(model, 'model.json'), '--examples', '120', '--trials', '3', '--epochs', '2'], env);
    assert.equal(r.code, 0, `${r.out}\n${r.err}`);
    assert.match(r.out, /starting one here/);
    assert.match(r.out, /COMPLETED — maximize val\/accuracy/);
    assert.match(r.out, /trials: 3 \(/);

    // Every trial says which backend trained it, and each reported accuracy at its evaluations.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows: infos } = await client.query(`SELECT data->>'tfjs_backend' AS backend FROM trial_event WHERE type = 'info'`);
      assert.equal(infos.length, 3);
      assert.ok(infos.every((i) => i.backend === 'wasm'));
      const { rows: steps } = await client.query(`SELECT count(*)::int AS n FROM metric WHERE key = 'val/accuracy'`);
      assert.ok(steps[0].n >= 3);
    } finally {
      await client.end();
    }
  });
});
