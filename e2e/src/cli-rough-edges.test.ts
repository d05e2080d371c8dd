import { freePort } from '@anneal/cli/embedded';
import { createTestDatabase, type TestDatabase } from '@anneal/db/testing';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** What a new user meets with `anneal up`: children that outlive it, a CLI that misses its port, a missing favicon. */

const ANNEAL_BIN = fileURLToPath(new URL('../../services/cli/bin/anneal.js', import.meta.url));

interface RunningUp { proc: ChildProcess; home: string; apiPort: number; webPort: number; output: () => string; db: TestDatabase }

const started: RunningUp[] = [];
after(async () => {
  for (const u of started) {
    if (u.proc.exitCode === null && u.proc.signalCode === null) u.proc.kill('SIGKILL');
    await u.db.drop().catch(() => undefined);
    rmSync(u.home, { recursive: true, force: true });
  }
});

/** `anneal up` as a user starts it, on its own database, home and ports; resolves once it says it is up. */
async function startUp(label: string): Promise<RunningUp> {
  const db = await createTestDatabase(`up${label}`);
  const home = mkdtempSync(join(tmpdir(), `anneal-up-${label}-`));
  const apiPort = await freePort();
  const webPort = await freePort();
  const proc = spawn(process.execPath, [ANNEAL_BIN, 'up', '--agents', '1'], {
    env: {
      ...process.env, ANNEAL_HOME: home, DATABASE_URL: db.url, NATS_URL: '', ANNEAL_SERVER: '', ANNEAL_HOST: '127.0.0.1',
      ANNEAL_API_PORT: String(apiPort), ANNEAL_WEB_PORT: String(webPort), ANNEAL_LOG_LEVEL: 'warn', ANNEAL_NAMESPACE: `u${label}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  proc.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const u: RunningUp = { proc, home, apiPort, webPort, output: () => out, db };
  started.push(u);
  await waitUntil('anneal up to start', () => out.includes('Press Ctrl-C to stop.') || proc.exitCode !== null, 90_000);
  assert.equal(proc.exitCode, null, `anneal up exited early:\n${out}`);
  return u;
}

async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The direct children of a process (Linux). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/** Gone, or a zombie nobody reaped yet (its program has ended either way). */
function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function describeProcess(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return String(pid);
  }
}

/** Starts a sweep whose one trial runs until stopped, through the API of `up`, with the admin key it saved. */
async function startLongTrial(up: RunningUp): Promise<void> {
  const key = readFileSync(join(up.home, 'admin-key'), 'utf8').trim();
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${up.apiPort}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown };
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "long"}) { id } }');
  const config = JSON.stringify({ method: 'grid', parameters: { x: { values: [1] } }, command: ['node', '-e', 'setInterval(() => {}, 1000)'] });
  await gql('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
}

function anneal(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ANNEAL_BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

describe('anneal up', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL'] as const) {
    test(`leaves no child process running when it gets ${signal}`, async () => {
      const up = await startUp(signal.slice(3).toLowerCase());
      // A local agent's trainer is a child too; it ends with the orderly stop, which SIGKILL skips (see README).
      const withTrainer = signal !== 'SIGKILL';
      if (withTrainer) {
        await startLongTrial(up);
        await waitUntil('the trainer to start', () => childrenOf(up.proc.pid!).length === 3, 30_000);
      }
      const children = childrenOf(up.proc.pid!);
      assert.equal(children.length, withTrainer ? 3 : 2, `nats-server, the web UI${withTrainer ? ' and a trainer' : ''} run as children: ${children.map(describeProcess).join(', ')}`);
      const exited = new Promise((r) => up.proc.once('exit', r));
      up.proc.kill(signal);
      await exited;
      if (signal !== 'SIGKILL') assert.match(up.output(), new RegExp(`stopping \\(${signal}\\)`));
      await waitUntil(`the children of anneal up to end after ${signal}`, () => children.every(ended), 20_000)
        .catch(() => assert.fail(`still running after ${signal}: ${children.filter((p) => !ended(p)).map(describeProcess).join(', ')}`));
    });
  }

  test('another shell reaches it with the same ANNEAL_API_PORT, and is told the URL otherwise', async () => {
    const up = await startUp('port');
    try {
      assert.match(up.output(), new RegExp(`export ANNEAL_SERVER=http://127\\.0\\.0\\.1:${up.apiPort}`));
      // No ANNEAL_SERVER, no --server: the CLI's default follows ANNEAL_HOST and ANNEAL_API_PORT as `up` does.
      const r = await anneal(['project', 'create', 'from-another-shell'], { ANNEAL_HOME: up.home, ANNEAL_API_PORT: String(up.apiPort), ANNEAL_SERVER: '', ANNEAL_HOST: '' });
      assert.equal(r.code, 0, `${r.out}${r.err}`);
      const ls = await anneal(['project', 'ls'], { ANNEAL_HOME: up.home, ANNEAL_SERVER: `http://127.0.0.1:${up.apiPort}` });
      assert.match(ls.out, /from-another-shell/);
    } finally {
      up.proc.kill('SIGTERM');
    }
  });

  test('the web UI serves a favicon', async () => {
    const up = await startUp('icon');
    try {
      const base = `http://127.0.0.1:${up.webPort}`;
      await waitUntil('the web UI', async () => (await fetch(`${base}/signin`).catch(() => null))?.ok === true, 30_000);
      const html = await (await fetch(`${base}/signin`)).text();
      const href = /<link rel="icon" href="([^"]+)"[^>]*type="image\/svg\+xml"/.exec(html)?.[1];
      assert.ok(href, 'the page links its SVG icon');
      const svg = await fetch(new URL(href, base));
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type') ?? '', /image\/svg\+xml/);
      // Browsers and tools that ask for /favicon.ico without reading the page get one too.
      const ico = await fetch(`${base}/favicon.ico`);
      assert.equal(ico.status, 200);
      assert.match(ico.headers.get('content-type') ?? '', /image\/(x-icon|vnd\.microsoft\.icon)/);
    } finally {
      up.proc.kill('SIGTERM');
    }
  });
});
