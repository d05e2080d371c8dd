import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { readEnv } from '../env.js';
import { CliError } from '../errors.js';
import { main } from '../main.js';

const BIN = fileURLToPath(new URL('../../bin/anneal.js', import.meta.url));
// The core's own W&B-style fixtures: in the repository, so a plain clone runs this test too.
const COMPAT = fileURLToPath(new URL('../../../core/test-fixtures/wandb/', import.meta.url));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, ANNEAL_HOME: mkdtempSync(join(tmpdir(), 'anneal-cli-')) } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('anneal sweep validate', () => {
  test('every W&B config in the compatibility corpus validates, except the retired formats', () => {
    const files = readdirSync(COMPAT).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 10, `corpus at ${COMPAT}`);
    for (const f of files) {
      const r = run(['sweep', 'validate', '-f', join(COMPAT, f)]);
      if (f.startsWith('invalid__')) {
        assert.equal(r.code, 1, `${f} must be rejected`);
        assert.match(r.out, /method|parameters/, `${f}: the message says what to change`);
      } else {
        assert.equal(r.code, 0, `${f}: ${r.out}${r.err}`);
        assert.match(r.out, /valid/);
      }
    }
  });

  test('lists every problem with its path and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anneal-cfg-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'method: grid\nmetric: {name: loss, goal: lower}\nparameters:\n  lr: {min: 0.1, max: 0.01}\n  wd: {distribution: uniform, min: 0, max: 1}\n');
    const r = run(['sweep', 'validate', '-f', file]);
    assert.equal(r.code, 1);
    assert.match(r.out, /metric\.goal/);
    assert.match(r.out, /parameters\.lr/);
    assert.match(r.out, /parameters\.wd/, 'a continuous parameter under grid');
  });

  test('reads stdin with -f - and reports an unreadable file clearly', () => {
    assert.equal(run(['sweep', 'validate', '-f', '-'], 'method: random\nparameters: {x: {values: [1, 2]}}\n').code, 0);
    const missing = run(['sweep', 'validate', '-f', '/nonexistent/sweep.yaml']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read sweep config \/nonexistent\/sweep.yaml: ENOENT/);
  });
});

describe('flags and environment', () => {
  test('bad flags name the flag and the allowed range', async () => {
    const r = run(['up', '--agents', 'many']);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /--agents must be a whole number from 0 to 64/);
    const unknown = run(['sweep', 'explode']);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.err, /unknown command|error/i);
  });

  test('a bad environment names each wrong variable', () => {
    assert.throws(() => readEnv({ ANNEAL_API_PORT: '99999', DATABASE_URL: 'mysql://x', NATS_URL: 'nats://127.0.0.1:4222' }), (e: unknown) => {
      assert.ok(e instanceof CliError && e.code === 'BAD_ENV');
      assert.match(e.message, /ANNEAL_API_PORT="99999": must be 1-65535/);
      assert.match(e.message, /DATABASE_URL="mysql:\/\/x": must be a URL like postgres:/);
      return true;
    });
    const env = readEnv({ ANNEAL_HOME: '/tmp/x' });
    assert.equal(env.ANNEAL_API_PORT, 4000);
    assert.equal(env.ANNEAL_WEB_PORT, 3000);
    assert.equal(env.ANNEAL_HOST, '127.0.0.1', 'loopback unless told otherwise');
    assert.equal(env.ANNEAL_AGENT_CREDENTIAL_TTL, 3600);
    assert.throws(() => readEnv({ ANNEAL_HOST: 'a b', ANNEAL_AGENT_CREDENTIAL_TTL: '5', ANNEAL_NATS_PORT: '0' }), (e: unknown) => {
      assert.ok(e instanceof CliError && e.code === 'BAD_ENV');
      assert.match(e.message, /ANNEAL_HOST="a b": must be a host name or IP address/);
      assert.match(e.message, /ANNEAL_AGENT_CREDENTIAL_TTL="5": must be at least 10 seconds/);
      assert.match(e.message, /ANNEAL_NATS_PORT="0": must be 1-65535/);
      return true;
    });
  });

  test('a NATS_URL without the account seed is refused, not run unauthenticated', async () => {
    const { startStack } = await import('../stack.js');
    const home = mkdtempSync(join(tmpdir(), 'anneal-nats-auth-'));
    try {
      await assert.rejects(
        startStack({ home, databaseUrl: 'postgres://nobody@127.0.0.1:1/x', natsUrl: 'nats://127.0.0.1:4222', namespace: 'x', apiPort: 0, agents: 0, logger: pino({ level: 'silent' }) }),
        (e: unknown) => e instanceof CliError && e.code === 'NATS_AUTH_MISSING' && /ANNEAL_NATS_ACCOUNT_SEED_FILE/.test(e.message),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('nats init writes private keys once and a config that admits only signed users', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'anneal-nats-init-')), 'nats');
    try {
      const lines: string[] = [];
      assert.equal(await main(['node', 'anneal', 'nats', 'init', dir, '--port', '4333'], (s) => lines.push(s)), 0);
      assert.match(lines.join('\n'), /nats-server -c .*nats\.conf/);
      assert.match(lines.join('\n'), /ANNEAL_NATS_ACCOUNT_SEED_FILE=.*account\.seed/);
      for (const f of ['operator.seed', 'system.seed', 'account.seed', 'nats.conf']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      const conf = readFileSync(join(dir, 'nats.conf'), 'utf8');
      assert.match(conf, /listen: "127\.0\.0\.1:4333"/);
      assert.match(conf, /resolver: MEMORY/);
      const seed = readFileSync(join(dir, 'account.seed'), 'utf8');
      assert.equal(await main(['node', 'anneal', 'nats', 'init', dir, '--port', '4334'], () => undefined), 0);
      assert.equal(readFileSync(join(dir, 'account.seed'), 'utf8'), seed, 'a second init keeps the keys (JetStream data belongs to the account)');
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  test('commands that need the API say how to reach it when it is down', async () => {
    const r = run(['--server', 'http://127.0.0.1:9', '--token', 'ank_AAAAAAAAAAAA_' + 'a'.repeat(43), 'sweep', 'ls']);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot reach the Anneal API at http:\/\/127.0.0.1:9\/graphql/);
  });

  test('key generate prints a key the admin-key check accepts', async () => {
    const lines: string[] = [];
    assert.equal(await main(['node', 'anneal', 'key', 'generate'], (s) => lines.push(s)), 0);
    assert.match(lines[0] ?? '', /^ank_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  });
});

describe('anneal ask-tell', () => {
  test('answers one line per request and survives bad requests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anneal-at-'));
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ method: 'random', metric: { name: 'y', goal: 'minimize' }, parameters: { x: { min: 0.0, max: 1.0 } } }));
    const r = run(['ask-tell', '--config', cfg, '--seed', '3'], '{"op":"ask"}\nnot json\n{"op":"tell","trial":0,"value":0.5}\n{"op":"tell","trial":42,"value":1}\n');
    assert.equal(r.code, 0, r.err);
    const replies = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(replies.length, 4);
    assert.equal(replies[0].trial, 0);
    assert.ok(replies[0].params.x >= 0 && replies[0].params.x <= 1);
    assert.ok(replies[1].error);
    assert.deepEqual(replies[2], { ok: true });
    assert.ok(replies[3].error);
  });
});
