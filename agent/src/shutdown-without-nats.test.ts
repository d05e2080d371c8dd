import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Harness, nodeTrainer, processAlive, spoolFiles, TestNatsServer } from './testing.js';

// `anneal up` shuts down the NATS server an agent talks to; the agent, told to drain or stop at
// about the same moment, must still close and let its process exit rather than hang on a
// connection that will never come back.

/** Long enough for the bounded waits of a close (presence, a JetStream request in flight), far below "hangs". */
const CLOSE_BOUND_MS = 8_000;

/** An agent in a process of its own that, like `anneal agent`, closes on SIGTERM and then simply returns. */
const AGENT_PROCESS = `
const { startAgent } = await import(process.env.ANNEAL_AGENT_MODULE);
const agent = await startAgent(JSON.parse(process.env.ANNEAL_AGENT_OPTIONS));
process.once('SIGTERM', () => {
  console.log('closing');
  void agent[process.env.ANNEAL_CLOSE]().then(() => console.log('closed'));
});
console.log('agent ready');
`;

async function settlesWithin(what: string, p: Promise<unknown>, ms: number): Promise<number> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), ms); });
  try {
    const r = await Promise.race([p.then(() => 'ok' as const), late]);
    assert.equal(r, 'ok', `${what} did not settle within ${ms} ms`);
    return Date.now() - t0;
  } finally {
    clearTimeout(timer);
  }
}

describe('closing an agent while its NATS server goes away', () => {
  let server: TestNatsServer;
  let h: Harness;

  beforeEach(async () => {
    server = await TestNatsServer.start();
    h = await Harness.create(server.url);
  });
  afterEach(async () => {
    // The server comes back so the harness can stop its agents and remove what the test made.
    await server.start();
    await h.reconnected();
    await h.close();
    await server.remove();
  });

  for (const how of ['drain', 'stop'] as const) {
    it(`${how}() settles in bounded time after NATS went away`, async () => {
      const agent = await h.startAgent({ natsUrl: server.url });
      await server.stop();
      const ms = await settlesWithin(`${how}()`, agent[how](), CLOSE_BOUND_MS);
      await settlesWithin('closed()', agent.closed(), 1_000);
      assert.ok(ms < CLOSE_BOUND_MS, `${how}() took ${ms} ms`);
    });

    it(`the agent's process exits after ${how}() when NATS has just gone away`, async () => {
      const child = spawnAgentProcess(h, server.url, how);
      try {
        await child.ready;
        // As when `anneal up` and `anneal agent` get the same Ctrl-C and the server is quicker to go.
        await server.stop();
        await new Promise((r) => setTimeout(r, 200));
        child.process.kill('SIGTERM');
        const code = await child.exitWithin(CLOSE_BOUND_MS + 2_000);
        assert.equal(code, 0, `the agent process exited with ${code}; its output: ${child.output()}`);
        assert.match(child.output(), /closed/);
      } finally {
        if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      }
    });
  }

  it('stop() with a trial running while NATS is away keeps its report in the spool for the next agent', async () => {
    await h.readTelemetry();
    const agent = await h.startAgent({ natsUrl: server.url });
    const a = h.assignment(nodeTrainer(`console.log('pid ' + process.pid); setInterval(() => {}, 1000)`));
    await h.publish(a);
    const pid = await h.waitFor('the trainer to start', () => {
      const line = h.of(a.trialId).flatMap((t) => (t.type === 'log' ? t.lines : [])).find((l) => l.startsWith('pid '));
      return line === undefined ? undefined : Number(line.slice(4));
    });
    await server.stop();
    await settlesWithin('stop()', agent.stop(), CLOSE_BOUND_MS);
    assert.equal(processAlive(pid), false, 'the trainer was stopped');
    assert.ok(spoolFiles(h.workDir).some((f) => f.includes(a.trialId)), 'its unpublished report stays in the spool');

    // A new agent on the same work dir publishes what the closed one could not.
    await server.start();
    await h.reconnected();
    await h.startAgent({ natsUrl: server.url });
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'stopped');
    assert.equal(finished.attempt, 1, "the closed agent's own report, replayed");
  });
});

interface AgentProcess {
  process: ChildProcess;
  ready: Promise<void>;
  output(): string;
  /** The exit code, or fails when the process is still running after `ms`. */
  exitWithin(ms: number): Promise<number | null>;
}

function spawnAgentProcess(h: Harness, natsUrl: string, close: 'drain' | 'stop'): AgentProcess {
  const child = spawn(process.execPath, ['--input-type=module', '-e', AGENT_PROCESS], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only what the agent process needs: never the test runner's whole environment.
    env: {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
      ANNEAL_CLOSE: close,
      ANNEAL_AGENT_MODULE: new URL('./index.js', import.meta.url).href,
      ANNEAL_AGENT_OPTIONS: JSON.stringify({ ...h.agentOptions(), natsUrl, slots: 1, stopGraceMs: 500 }),
    },
  });
  let out = '';
  const collect = (d: Buffer): void => {
    out += d.toString();
    if (process.env['AGENT_TEST_LOG']) process.stderr.write(d);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => { if (out.includes('agent ready')) resolve(); });
    void exited.then((code) => reject(new Error(`agent process exited with ${code} before it was ready: ${out}`)));
  });
  return {
    process: child,
    ready,
    output: () => out,
    exitWithin: async (ms) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'running'>((resolve) => { timer = setTimeout(() => resolve('running'), ms); });
      const r = await Promise.race([exited, late]);
      clearTimeout(timer);
      assert.notEqual(r, 'running', `the agent process was still running ${ms} ms after SIGTERM; its output: ${out}`);
      return r as number | null;
    },
  };
}
