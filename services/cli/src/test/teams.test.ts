import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startStack, type Stack } from '../stack.js';

const BIN = fileURLToPath(new URL('../../bin/anneal.js', import.meta.url));

/** `anneal` in a child process (asynchronously: the API under test runs in this one). */
function anneal(stack: Stack, home: string, key: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, '--server', stack.apiUrl, '--token', key, ...args], { env: { ...process.env, ANNEAL_HOME: home } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }));
  });
}

describe('anneal org, member and key against a live stack', () => {
  let db: TestDatabase;
  let home: string;
  let stack: Stack;
  let admin: string;
  const run = (...args: string[]) => anneal(stack, home, admin, ...args);
  const runAs = (key: string, ...args: string[]) => anneal(stack, home, key, ...args);

  before(async () => {
    db = await createTestDatabase('cli_teams');
    home = mkdtempSync(join(tmpdir(), 'anneal-cli-teams-'));
    // Its own nats-server, as `anneal up` runs it.
    stack = await startStack({
      home, databaseUrl: db.url, namespace: `c${randomBytes(5).toString('hex')}`, apiPort: 0, agents: 0,
      logger: pino({ level: process.env.ANNEAL_TEST_LOG ?? 'silent' }),
    });
    admin = stack.createdAdminKey!;
  });
  after(async () => {
    await stack?.stop();
    await db?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  test('org create makes the caller owner; --org resolves names and lists yours when wrong', async () => {
    const created = await run('org', 'create', 'acme');
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /created organization acme \(.+\); you are its owner/);
    const dup = await run('org', 'create', 'acme');
    assert.equal(dup.code, 1);
    assert.match(dup.err, /an organization named 'acme' already exists/);
    const ls = await run('org', 'ls');
    assert.match(ls.out, /acme\s+owner/);
    const wrong = await run('member', 'ls', '--org', 'acne');
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /no organization named "acne" among yours: acme \(owner\), default \(owner\)/);
    const ambiguous = await run('member', 'ls');
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.err, /several organizations: give organizationId/);
  });

  test('member add, ls, role and remove; the last owner stays', async () => {
    const added = await run('member', 'add', 'Ada@Example.com', '--role', 'admin', '--org', 'acme');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /added ada@example.com as admin; give them a first key with: anneal key create --role admin --for ada@example.com --org acme/);
    const ls = await run('member', 'ls', '--org', 'acme');
    assert.match(ls.out, /^EMAIL\s+NAME\s+ROLE\s+JOINED$/m);
    assert.match(ls.out, /admin@localhost\s+Admin\s+owner/);
    assert.match(ls.out, /ada@example.com\s+ada\s+admin/);
    const badRole = await run('member', 'add', 'bob@example.com', '--role', 'boss', '--org', 'acme');
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.err, /the role must be one of owner, admin, member, viewer/);
    const badEmail = await run('member', 'add', 'bob', '--role', 'member', '--org', 'acme');
    assert.equal(badEmail.code, 1);
    assert.match(badEmail.err, /email: must be an email address/);
    const role = await run('member', 'role', 'ada@example.com', 'viewer', '--org', 'acme');
    assert.equal(role.code, 0, role.err);
    assert.match(role.out, /ada@example.com is now viewer/);
    const last = await run('member', 'remove', 'admin@localhost', '--org', 'acme');
    assert.equal(last.code, 1);
    assert.match(last.err, /last owner of this organization and cannot be removed/);
    const removed = await run('member', 'remove', 'ada@example.com', '--org', 'acme');
    assert.equal(removed.code, 0, removed.err);
    assert.doesNotMatch((await run('member', 'ls', '--org', 'acme')).out, /ada@example.com/);
  });

  test('key create prints the key last; key ls shows it; an agent token only fetches agent config; key revoke by key and by id', async () => {
    const agent = await run('key', 'create', '--role', 'agent', '--pool', 'gpu', '--pool', 'cpu', '--org', 'acme', '--name', 'rack');
    assert.equal(agent.code, 0, agent.err);
    const lines = agent.out.trimEnd().split('\n');
    assert.match(lines.at(-1)!, /^ank_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    assert.match(lines.at(-2)!, /shown only this once/);
    assert.match(lines[0]!, /created agent token for pools gpu, cpu "rack"/);
    const token = lines.at(-1)!;

    const ls = await run('key', 'ls', '--org', 'acme');
    assert.match(ls.out, /rack\s+agent\s+-\s+gpu,cpu/);
    const refused = await runAs(token, 'project', 'ls');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /agent tokens only fetch agent config/);
    const noPool = await run('key', 'create', '--role', 'agent', '--org', 'acme');
    assert.equal(noPool.code, 1);
    assert.match(noPool.err, /pools: an agent token needs at least one pool/);
    const badPool = await run('key', 'create', '--role', 'agent', '--pool', 'no spaces', '--org', 'acme');
    assert.equal(badPool.code, 1);
    assert.match(badPool.err, /pools.0: must be 1-64 letters/);

    const revoked = await run('key', 'revoke', token);
    assert.equal(revoked.code, 0, revoked.err);
    assert.match(revoked.out, /revoked key "rack"/);
    assert.match((await runAs(token, 'project', 'ls')).err, /missing, invalid or revoked API key/);

    // A member's first key, made by the owner; then the member makes and revokes their own.
    assert.equal((await run('member', 'add', 'grace@example.com', '--role', 'member', '--org', 'acme')).code, 0);
    const first = await run('key', 'create', '--role', 'member', '--for', 'grace@example.com', '--org', 'acme');
    assert.equal(first.code, 0, first.err);
    const grace = first.out.trimEnd().split('\n').at(-1)!;
    const tooHigh = await runAs(grace, 'key', 'create', '--role', 'admin');
    assert.equal(tooHigh.code, 1);
    assert.match(tooHigh.err, /at most your own role/);
    const own = await runAs(grace, 'key', 'create', '--role', 'viewer', '--name', 'ci');
    assert.equal(own.code, 0, own.err);
    const mine = await runAs(grace, 'key', 'ls');
    const id = /^(\S+)\s+ci\s+user\s+viewer/m.exec(mine.out)?.[1];
    assert.ok(id, mine.out);
    assert.doesNotMatch(mine.out, /rack/, 'members see only their own keys');
    assert.equal((await runAs(grace, 'key', 'revoke', id)).code, 0);
    assert.match((await runAs(grace, 'key', 'ls')).out, new RegExp(`${id}\\s+ci\\s+user\\s+viewer.*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s*$`, 'm'));
  });
});
