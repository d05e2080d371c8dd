import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readTokenFile, takeAgentToken } from '../agent-token.js';
import { CliError } from '../errors.js';

const BIN = fileURLToPath(new URL('../../bin/anneal.js', import.meta.url));
const KEY = `ank_Ab3dEf6hIj9L_${'k'.repeat(43)}`;
const isRoot = process.getuid?.() === 0;

function tokenFile(content: string, mode: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'anneal-token-')), 'token');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

const isCliError = (code: string, message: RegExp) => (e: unknown) => {
  assert.ok(e instanceof CliError, String(e));
  assert.equal(e.code, code);
  assert.match(e.message, message);
  return true;
};

/** A fresh ANNEAL_HOME and a work dir a trainer user can reach, so `anneal agent` gets as far as the server. */
function agentEnv(extra: Record<string, string> = {}): { env: NodeJS.ProcessEnv; workDir: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ANNEAL_HOME: mkdtempSync(join(tmpdir(), 'anneal-cli-')) };
  delete env['ANNEAL_API_KEY'];
  return { env: { ...env, ...extra }, workDir: mkdtempSync(join(tmpdir(), 'anneal-work-')) };
}

/** `anneal --server <nothing listening> ...args --work-dir <dir>`; args end with the agent command's own. */
function runAgent(args: string[], extraEnv: Record<string, string> = {}) {
  const { env, workDir } = agentEnv(extraEnv);
  const r = spawnSync(process.execPath, [BIN, '--server', 'http://127.0.0.1:9', ...args, '--work-dir', workDir], { encoding: 'utf8', env });
  return { code: r.status, err: r.stderr };
}

describe('the token file', () => {
  test('is read, trimmed, when only its owner can read it', () => {
    assert.equal(readTokenFile(tokenFile(`  ${KEY}\n\n`, 0o600)), KEY);
    assert.equal(readTokenFile(tokenFile(KEY, 0o400)), KEY);
  });

  test('is refused when others can read or write it, with the chmod that fixes it', () => {
    for (const mode of [0o644, 0o640, 0o602, 0o660]) {
      const file = tokenFile(KEY, mode);
      assert.throws(() => readTokenFile(file), isCliError('TOKEN_FILE_UNSAFE', new RegExp(`mode ${mode.toString(8)}\\); run: chmod 600 ${file}$`)));
    }
  });

  test('is refused when empty, missing or not a file', () => {
    assert.throws(() => readTokenFile(tokenFile(' \n', 0o600)), isCliError('TOKEN_FILE_EMPTY', /is empty/));
    assert.throws(() => readTokenFile('/nonexistent/token'), isCliError('FILE_UNREADABLE', /ENOENT/));
    const dir = mkdtempSync(join(tmpdir(), 'anneal-token-'));
    assert.throws(() => readTokenFile(dir), isCliError('FILE_UNREADABLE', /not a regular file/));
  });

  test('is refused when it belongs to another user, who could change it', { skip: isRoot ? false : 'needs root to give the file away' }, () => {
    const file = tokenFile(KEY, 0o600);
    chownSync(file, 65534, 65534);
    assert.throws(() => readTokenFile(file), isCliError('TOKEN_FILE_UNSAFE', /belongs to uid 65534/));
  });
});

describe("the agent's token", () => {
  test('comes from --token-file, --token or ANNEAL_API_KEY, and leaves the environment in every case', () => {
    const file = tokenFile(KEY, 0o600);
    const env = (): NodeJS.ProcessEnv => ({ ANNEAL_API_KEY: 'from-env', ANNEAL_ADMIN_KEY: 'admin', PATH: '/bin' });
    let e = env();
    assert.deepEqual(takeAgentToken({ file }, e), { token: KEY, warnings: [] });
    assert.deepEqual(e, { PATH: '/bin' });
    e = env();
    const flag = takeAgentToken({ flag: 'from-flag' }, e);
    assert.equal(flag.token, 'from-flag');
    assert.match(flag.warnings[0]!, /every local user can read it \(ps, \/proc\/<pid>\/cmdline\); use --token-file/);
    assert.deepEqual(e, { PATH: '/bin' });
    e = env();
    const fromEnv = takeAgentToken({}, e);
    assert.equal(fromEnv.token, 'from-env');
    assert.match(fromEnv.warnings[0]!, /\/proc\/<pid>\/environ keeps the environment the agent started with/);
    assert.deepEqual(e, { PATH: '/bin' });
    assert.throws(() => takeAgentToken({ file, flag: 'x' }, env()), isCliError('BAD_FLAG', /not both/));
    assert.throws(() => takeAgentToken({}, { ANNEAL_API_KEY: '' }), isCliError('NO_API_KEY', /--token-file PATH/));
  });

  test('anneal agent warns about --token and ANNEAL_API_KEY, and refuses an open token file', () => {
    const flag = runAgent(['--token', KEY, 'agent']);
    assert.equal(flag.code, 1);
    assert.match(flag.err, /anneal: warning: --token puts the API key on the command line/);
    assert.match(flag.err, /cannot reach the Anneal server/, 'the key was taken');

    const fromEnv = runAgent(['agent'], { ANNEAL_API_KEY: KEY });
    assert.match(fromEnv.err, /anneal: warning: the API key came from ANNEAL_API_KEY/);
    assert.match(fromEnv.err, /cannot reach the Anneal server/);

    const file = tokenFile(KEY, 0o644);
    const open = runAgent(['agent', '--token-file', file]);
    assert.equal(open.code, 1);
    assert.equal(open.err, `anneal: the token file ${file} can be read or changed by other users (mode 644); run: chmod 600 ${file}\n`);

    const none = runAgent(['agent']);
    assert.equal(none.code, 1);
    assert.match(none.err, /needs an API key .*--token-file PATH/);
  });

  test('with --token-file, the key is in neither /proc/<pid>/cmdline nor /proc/<pid>/environ of the agent', async () => {
    // A server that accepts and never answers holds the agent at its first request.
    const sockets: Socket[] = [];
    let connected: () => void = () => undefined;
    const reached = new Promise<void>((r) => (connected = r));
    const server = createServer((s) => {
      sockets.push(s);
      connected();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const { env, workDir } = agentEnv({ ANNEAL_ADMIN_KEY: KEY });
    const file = tokenFile(`${KEY}\n`, 0o600);
    const child = spawn(process.execPath, [BIN, '--server', `http://127.0.0.1:${port}`, 'agent', '--token-file', file, '--work-dir', workDir], { env, stdio: 'ignore' });
    try {
      await reached;
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      assert.ok(cmdline.includes(file), 'the path is there');
      assert.ok(!cmdline.includes(KEY));
      // ANNEAL_ADMIN_KEY was in its start environment, so it stays in environ: the file is the way to keep keys out.
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      assert.deepEqual(environ.filter((v) => v.includes(KEY)), [`ANNEAL_ADMIN_KEY=${KEY}`]);
    } finally {
      child.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});

describe('anneal agent as root', { skip: isRoot ? false : 'needs root' }, () => {
  test('refuses a work dir its trainers (nobody) cannot reach, before it contacts the server', () => {
    const { env } = agentEnv();
    const file = tokenFile(KEY, 0o600);
    // ANNEAL_HOME is a mkdtemp folder (0700), like /root/.anneal.
    const r = spawnSync(process.execPath, [BIN, '--server', 'http://127.0.0.1:9', 'agent', '--token-file', file], { encoding: 'utf8', env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /trainers run as nobody \(uid \d+\), who cannot pass through .*anneal-cli-\w+ \(mode 700, owner uid 0\).*--work-dir/);
    assert.doesNotMatch(r.stderr, /cannot reach the Anneal server/);
  });

  test('names a trainer user that does not exist', () => {
    const file = tokenFile(KEY, 0o600);
    const r = runAgent(['agent', '--token-file', file, '--trainer-user', 'anneal-no-such-user']);
    assert.equal(r.code, 1);
    assert.match(r.err, /there is no user 'anneal-no-such-user' on this machine/);
  });
});
