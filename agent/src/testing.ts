// Shared by the integration tests (not part of the package API): a private NATS namespace per
// test, assignment factories and a telemetry reader on the real ingest consumer.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assignmentMsgId,
  assignmentSchema,
  decodeMessage,
  deleteTopology,
  encodeMessage,
  ensureOrgTopology,
  ensureTopology,
  generateServerAuth,
  NatsAuthority,
  SIGNATURE_HEADER,
  PROTOCOL_VERSION,
  protocolNames,
  telemetrySchema,
  type Assignment,
  type OrgNames,
  type ProtocolNames,
  type Telemetry,
} from '@anneal/protocol';
import { connect, headers, type ConsumerMessages, type JetStreamClient, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { startAgent, type AgentHandle } from './agent.js';
import type { AgentOptions } from './options.js';
import { SPOOL_DIR } from './spool-dir.js';

export const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
export const testLogger = pino({ level: process.env['AGENT_TEST_LOG'] ?? 'silent' });

export class Harness {
  readonly telemetry: Telemetry[] = [];
  readonly agents: AgentHandle[] = [];
  private reader: ConsumerMessages | null = null;
  private waiters: Array<() => void> = [];
  readonly sweepId = randomUUID();
  /** Signs assignments the way the scheduler does; agents refuse anything else. */
  readonly authority = NatsAuthority.fromSeed(generateServerAuth().accountSeed);
  private number = 0;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly names: ProtocolNames,
    readonly org: OrgNames,
    readonly workDir: string,
    readonly pool: string,
  ) {}

  get organizationId(): string {
    return this.org.organizationId;
  }

  static async create(natsUrl = NATS_URL): Promise<Harness> {
    const nc = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    const names = protocolNames(`t${randomBytes(6).toString('hex')}`);
    const org = names.org(randomUUID());
    await ensureTopology(nc, names);
    await ensureOrgTopology(nc, names, org, ['gpu']);
    const workDir = await mkdtemp(join(tmpdir(), 'anneal-agent-test-'));
    return new Harness(nc, nc.jetstream(), names, org, workDir, 'gpu');
  }

  /** What startAgent needs besides the test's own choices. */
  agentOptions(): Pick<AgentOptions, 'natsUrl' | 'namespace' | 'organizationId' | 'credentials' | 'assignmentKey' | 'pool' | 'workDir'> {
    return {
      natsUrl: NATS_URL, namespace: this.names.namespace, organizationId: this.organizationId, credentials: null,
      assignmentKey: this.authority.signer.publicKey, pool: this.pool, workDir: this.workDir,
    };
  }

  async startAgent(opts: Partial<AgentOptions> = {}): Promise<AgentHandle> {
    const agent = await startAgent({
      ...this.agentOptions(),
      slots: 2,
      logger: testLogger,
      stopGraceMs: 500,
      ...opts,
    });
    this.agents.push(agent);
    return agent;
  }

  assignment(command: string[], overrides: Partial<Assignment> = {}): Assignment {
    return {
      v: PROTOCOL_VERSION,
      trialId: randomUUID(),
      sweepId: this.sweepId,
      projectId: randomUUID(),
      number: this.number++,
      leaseToken: randomBytes(16).toString('hex'),
      metric: { name: 'loss', goal: 'minimize' },
      params: {},
      trainer: { type: 'command', command },
      createdAt: new Date().toISOString(),
      ...overrides,
    };
  }

  async publish(a: Assignment): Promise<void> {
    await this.publishSigned(encodeMessage(assignmentSchema, a), { msgID: assignmentMsgId(a.trialId, 1) });
  }

  /** Signed like a real assignment, whatever it contains. */
  async publishRaw(data: string): Promise<void> {
    await this.publishSigned(new TextEncoder().encode(data), {});
  }

  private async publishSigned(data: Uint8Array, opts: { msgID?: string }): Promise<void> {
    const subject = this.org.assignSubject(this.pool);
    const h = headers();
    h.set(SIGNATURE_HEADER, this.authority.signer.sign(subject, data));
    await this.js.publish(subject, data, { ...opts, headers: h });
  }

  /** Reads telemetry the way ingest does: from its durable consumer, acking each message. */
  async readTelemetry(): Promise<void> {
    const consumer = await this.js.consumers.get(this.names.telemetryStream, this.names.ingestConsumer);
    const messages = await consumer.consume({ max_messages: 1000 });
    this.reader = messages;
    void (async () => {
      for await (const m of messages) {
        const decoded = decodeMessage(telemetrySchema, m.data);
        if (!decoded.ok) throw new Error(`bad telemetry: ${decoded.error}`);
        this.telemetry.push(decoded.value);
        m.ack();
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w();
      }
    })();
  }

  of(trialId: string): Telemetry[] {
    return this.telemetry.filter((t) => t.trialId === trialId);
  }

  async waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check();
      if (result !== undefined && result !== false) return result;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; telemetry so far: ${JSON.stringify(this.telemetry.map(brief))}`);
      // Woken by new telemetry, or polled for conditions outside it (stream state, files).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  finished(trialId: string): Promise<Extract<Telemetry, { type: 'finished' }>> {
    return this.waitFor(`finished of ${trialId}`, () => this.of(trialId).find((t) => t.type === 'finished'));
  }

  /** Resolves once the harness's connection is back after its server restarted (a request made earlier may time out). */
  async reconnected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        // A PING answered by the server; rejected while the client is still redialling.
        await this.nc.flush();
        await (await this.nc.jetstreamManager({ timeout: 1_000 })).getAccountInfo();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async assignStreamMessages(): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    return (await jsm.streams.info(this.names.assignStream, { subjects_filter: this.org.assignSubject(this.pool) })).state.messages;
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.stop()));
    this.reader?.stop();
    await deleteTopology(this.nc, this.names);
    await this.nc.close();
    await rm(this.workDir, { recursive: true, force: true });
  }
}

function brief(t: Telemetry): string {
  return `${t.trialId.slice(0, 8)}#${t.seq}:${t.type}${t.type === 'finished' ? `(${t.status} ${t.error ?? ''})` : ''}`;
}

/** argv that runs a JavaScript trainer with the node running the tests. */
export function nodeTrainer(script: string, ...extra: string[]): string[] {
  return ['node', '-e', script, ...extra];
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Telemetry spool files anywhere under an agent work dir, relative to its spool folder. */
export function spoolFiles(workDir: string): string[] {
  const root = join(workDir, SPOOL_DIR);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log'));
}

/** A nats-server of a test's own on a free port, so that the test can take it away from an agent. */
export class TestNatsServer {
  private process: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestNatsServer> {
    const server = new TestNatsServer(await freePort(), await mkdtemp(join(tmpdir(), 'anneal-nats-')));
    await server.start();
    return server;
  }

  /** Starts it unless it runs (again: the store dir keeps the streams); resolves once JetStream answers. */
  async start(): Promise<void> {
    if (this.running) return;
    this.process = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await accepts(this.port)); i++) await new Promise((r) => setTimeout(r, 50));
    // JetStream answers a little after the port opens (it recovers its streams first); until then requests time out.
    const nc = await connect({ servers: this.url });
    try {
      const jsm = await nc.jetstreamManager({ timeout: 500 });
      for (let i = 0; ; i++) {
        try {
          await jsm.getAccountInfo();
          break;
        } catch (e) {
          if (i >= 40) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      await nc.close();
    }
  }

  get running(): boolean {
    const s = this.process;
    return s !== null && s.exitCode === null && s.signalCode === null;
  }

  /** SIGTERM, as `anneal up` shuts its nats-server down; resolves once it has exited. */
  async stop(): Promise<void> {
    const s = this.process;
    if (s === null || !this.running) return;
    this.process = null;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGTERM');
    await exited;
  }

  async remove(): Promise<void> {
    await this.stop();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something on 127.0.0.1 accepts a TCP connection on `port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
