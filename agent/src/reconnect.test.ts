import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeMessage, telemetrySchema } from '@anneal/protocol';
import { FILE_HEADER_BYTES, SpoolFile } from './spool-file.js';
import { accepts, freePort, Harness, nodeTrainer, spoolFiles } from './testing.js';

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

/** An agent in a process of its own, so that it can be killed with SIGKILL. */
const AGENT_PROCESS = `
const { startAgent } = await import(process.env.ANNEAL_AGENT_MODULE);
await startAgent(JSON.parse(process.env.ANNEAL_AGENT_OPTIONS));
console.log('agent ready');
`;

/** The telemetry types in a spool file, whole records only (its writer may be mid-append). */
async function spooled(path: string): Promise<{ types: string[]; unpublished: number }> {
  const spool = SpoolFile.openExisting(path);
  try {
    const r = await spool.read(FILE_HEADER_BYTES, spool.size, 1 << 30);
    const types = r.records.map((rec) => {
      const m = decodeMessage(telemetrySchema, rec.data);
      return m.ok ? m.value.type : 'bad';
    });
    return { types, unpublished: r.records.filter((rec) => rec.end > spool.publishedUpTo).length };
  } finally {
    spool.close();
  }
}

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

  it('loses no telemetry when the agent is killed during the outage and a new one starts on its work dir', async () => {
    await Promise.all(h.agents.splice(0).map((a) => a.stop()));
    const natsUrl = `nats://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', AGENT_PROCESS], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ANNEAL_AGENT_MODULE: new URL('./index.js', import.meta.url).href,
        ANNEAL_AGENT_OPTIONS: JSON.stringify({
          ...h.agentOptions(), natsUrl, slots: 1, stopGraceMs: 500, agentId: 'doomed',
          // Tiny, so that most of the outage's telemetry waits on disk only.
          telemetryMemoryBytes: 1024,
        }),
      },
    });
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (process.env['AGENT_TEST_LOG']) process.stderr.write(d);
        if (out.includes('agent ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`agent process exited with ${code}: ${out}`)));
    });
    const a = h.assignment(nodeTrainer(TRAINER));
    await h.publish(a);
    await h.waitFor('the trial to start', () => h.of(a.trialId).some((m) => m.type === 'started'));
    await stopServer();

    // The trainer runs to its end while NATS is away; all of it lands in the spool.
    const file = join(h.workDir, 'spool', await h.waitFor('a spool file', () => spoolFiles(h.workDir).find((f) => f.includes(a.trialId))));
    const before = await h.waitFor('the finished message in the spool', async () => {
      const s = await spooled(file);
      return s.types.at(-1) === 'finished' ? s : undefined;
    });
    assert.ok(before.unpublished > 3, `the spool held ${before.unpublished} unpublished messages`);
    child.kill('SIGKILL');
    await exited;

    await startServer();
    await h.startAgent({ natsUrl });
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed');
    assert.equal(finished.attempt, 1, 'the dead agent\'s own report, replayed');
    const msgs = h.of(a.trialId).sort((x, y) => x.seq - y.seq);
    assert.deepEqual(msgs.map((m) => m.seq), msgs.map((_, i) => i), 'no seq is missing or doubled');
    assert.equal(msgs.length, before.types.length, 'exactly what was spooled');
    const steps = msgs.flatMap((m) => (m.type === 'metrics' ? m.points.map((p) => p.step) : []));
    assert.deepEqual(steps, Array.from({ length: STEPS }, (_, i) => i));
    const lines = msgs.flatMap((m) => (m.type === 'log' ? m.lines : []));
    assert.deepEqual(lines, Array.from({ length: STEPS }, (_, i) => `line ${i}`));
    await h.waitFor('the replayed spool to be deleted', () => spoolFiles(h.workDir).length === 0);
  });
});
