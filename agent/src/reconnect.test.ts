import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Harness, nodeTrainer } from './testing.js';

// Needs its own nats-server to take away from the agent; skipped where none is installed.
const natsServer = spawnSync('nats-server', ['--version']).status === 0;

const STEPS = 60;
const TRAINER = `
let step = 0;
const t = setInterval(() => {
  console.log('@anneal ' + JSON.stringify({ step, loss: 1 / (step + 1) }));
  console.log('line ' + step);
  if (++step === ${STEPS}) { clearInterval(t); }
}, 25);
`;

describe('a NATS outage', { skip: !natsServer && 'nats-server is not installed' }, () => {
  let port: number;
  let storeDir: string;
  let server: ChildProcess | null = null;
  let h: Harness;

  const startServer = async (): Promise<void> => {
    server = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const stopServer = async (): Promise<void> => {
    const s = server;
    server = null;
    if (s === null || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  };

  before(async () => {
    port = await freePort();
    storeDir = await mkdtemp(join(tmpdir(), 'anneal-nats-'));
    await startServer();
    h = await Harness.create(`nats://127.0.0.1:${port}`);
  });
  after(async () => {
    await h.close();
    await stopServer();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('loses no telemetry while NATS restarts', async () => {
    await h.readTelemetry();
    await h.startAgent({ natsUrl: `nats://127.0.0.1:${port}` });
    const a = h.assignment(nodeTrainer(TRAINER));
    await h.publish(a);
    await new Promise((r) => setTimeout(r, 400));
    await stopServer();
    // The trainer keeps printing and finishes while NATS is away.
    await new Promise((r) => setTimeout(r, 1500));
    await startServer();

    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed');
    const msgs = h.of(a.trialId).sort((x, y) => x.seq - y.seq);
    assert.deepEqual(msgs.map((m) => m.seq), msgs.map((_, i) => i), 'no seq is missing or doubled');
    const steps = msgs.flatMap((m) => (m.type === 'metrics' ? m.points.map((p) => p.step) : []));
    assert.deepEqual(steps, Array.from({ length: STEPS }, (_, i) => i));
    const lines = msgs.flatMap((m) => (m.type === 'log' ? m.lines : []));
    assert.deepEqual(lines, Array.from({ length: STEPS }, (_, i) => `line ${i}`));
    await h.waitFor('the assignment to be acked', async () => (await h.assignStreamMessages()) === 0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
